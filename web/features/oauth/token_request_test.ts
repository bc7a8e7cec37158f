import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MAX_TOKEN_REQUEST_BYTES, readBackChannelRequest } from "./token_request.ts";
import { OAuthError } from "./errors.ts";

function form(body: string, headers: Record<string, string> = {}) {
  return new Request("http://x/api/oauth/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body,
  });
}

async function rejects(request: Request, code: string) {
  await assert.rejects(
    readBackChannelRequest(request),
    (e: unknown) => e instanceof OAuthError && e.code === code,
  );
}

describe("back-channel request bodies", () => {
  it("reads form bodies with credentials in the body", async () => {
    const parsed = await readBackChannelRequest(
      form("grant_type=authorization_code&code=abc&client_id=c1&client_secret=s%2B1&scope="),
    );
    assert.deepEqual(parsed.params, {
      grant_type: "authorization_code",
      code: "abc",
      client_id: "c1",
      client_secret: "s+1",
    });
    assert.deepEqual(parsed.client, { method: "client_secret_post", clientId: "c1", clientSecret: "s+1" });
  });

  it("reads HTTP Basic with form-urlencoded id and secret", async () => {
    const basic = btoa(`${encodeURIComponent("c 1")}:${encodeURIComponent("s:é")}`);
    const parsed = await readBackChannelRequest(form("grant_type=x", { authorization: `Basic ${basic}` }));
    assert.deepEqual(parsed.client, { method: "client_secret_basic", clientId: "c 1", clientSecret: "s:é" });
  });

  it("reads the original API's JSON body", async () => {
    const parsed = await readBackChannelRequest(
      new Request("http://x", {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8" },
        body: JSON.stringify({ grant_type: "authorization_code", client_id: "c1", code: "abc" }),
      }),
    );
    assert.deepEqual(parsed.client, { method: "none", clientId: "c1" });
    assert.equal(parsed.params.code, "abc");
  });

  it("rejects repeated parameters, Basic plus body secret, and mismatched ids", async () => {
    await rejects(form("code=a&code=b"), "invalid_request");
    await rejects(form("client_secret=s", { authorization: `Basic ${btoa("c1:s")}` }), "invalid_request");
    await rejects(form("client_id=c2", { authorization: `Basic ${btoa("c1:s")}` }), "invalid_request");
    await rejects(form("client_secret=s"), "invalid_request");
  });

  it("rejects malformed Basic as invalid_client", async () => {
    await rejects(form("a=b", { authorization: "Basic !!!" }), "invalid_client");
    await rejects(form("a=b", { authorization: `Basic ${btoa("nocolon")}` }), "invalid_client");
  });

  it("rejects other content types, bad JSON, non-string values and oversized bodies", async () => {
    await rejects(
      new Request("http://x", { method: "POST", headers: { "content-type": "text/plain" }, body: "a" }),
      "invalid_request",
    );
    await rejects(
      new Request("http://x", { method: "POST", headers: { "content-type": "application/json" }, body: "{" }),
      "invalid_request",
    );
    await rejects(
      new Request("http://x", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "[1]",
      }),
      "invalid_request",
    );
    await rejects(
      new Request("http://x", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"code":1}',
      }),
      "invalid_request",
    );
    await rejects(form("a=" + "x".repeat(MAX_TOKEN_REQUEST_BYTES)), "invalid_request");
  });
});
