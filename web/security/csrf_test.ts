import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isCsrfExempt, isSameOriginRequest } from "./csrf.ts";

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

  it("exempt only the machine-to-machine endpoints", () => {
    assert.equal(isCsrfExempt("/api/oauth/token"), true);
    assert.equal(isCsrfExempt("/api/device/cloud/tracks"), true);
    assert.equal(isCsrfExempt("/v1/telemetry"), true);
    assert.equal(isCsrfExempt("/api/oauth/tokens"), false);
    assert.equal(isCsrfExempt("/signin"), false);
    assert.equal(isCsrfExempt("/oauth/authorize"), false);
  });
});
