import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isSameOriginRequest } from "./csrf.ts";

const origins = ["http://localhost:8000"];
const request = (headers: Record<string, string>) =>
  new Request("http://localhost:8000/signout", { method: "POST", headers });

describe("CSRF checks", () => {
  it("trust Sec-Fetch-Site first", () => {
    assert.equal(isSameOriginRequest(request({ "sec-fetch-site": "same-origin" }), origins), true);
    assert.equal(isSameOriginRequest(request({ "sec-fetch-site": "same-site" }), origins), false);
    assert.equal(isSameOriginRequest(request({ "sec-fetch-site": "cross-site" }), origins), false);
    assert.equal(
      isSameOriginRequest(
        request({ "sec-fetch-site": "cross-site", origin: "http://localhost:8000" }),
        origins,
      ),
      false,
    );
  });

  it("fall back to Origin and refuse when neither is sent", () => {
    assert.equal(isSameOriginRequest(request({ origin: "http://localhost:8000" }), origins), true);
    assert.equal(isSameOriginRequest(request({ origin: "http://evil.example" }), origins), false);
    assert.equal(isSameOriginRequest(request({ origin: "null" }), origins), false);
    assert.equal(isSameOriginRequest(request({}), origins), false);
  });
});
