import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { bearerChallengeResponse, invalidClient, OAuthError, oauthErrorResponse } from "./errors.ts";

describe("OAuth error responses", () => {
  it("are JSON with no-store", async () => {
    const res = oauthErrorResponse(new OAuthError("invalid_grant", "code expired"));
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.deepEqual(await res.json(), { error: "invalid_grant", error_description: "code expired" });
  });

  it("invalid_client is 401 and challenges Basic only when Basic was used", () => {
    assert.equal(
      oauthErrorResponse(invalidClient("bad", true)).headers.get("www-authenticate")?.startsWith("Basic"),
      true,
    );
    const res = oauthErrorResponse(invalidClient("bad", false));
    assert.equal(res.status, 401);
    assert.equal(res.headers.get("www-authenticate"), null);
  });

  it("answer a thrown OAuthError through the app's HTTPException handler", async () => {
    const app = new Hono();
    app.onError((error) =>
      error instanceof HTTPException ? error.getResponse() : new Response(null, { status: 500 })
    );
    app.post("/token", () => {
      throw new OAuthError("rate_limited", "slow down", 429, { "Retry-After": "7" });
    });
    const res = await app.request("/token", { method: "POST" });
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "7");
    assert.equal(res.headers.get("cache-control"), "no-store");
    assert.deepEqual(await res.json(), { error: "rate_limited", error_description: "slow down" });
  });
});

describe("Bearer challenges", () => {
  it("omit the error code when no token was sent", () => {
    const res = bearerChallengeResponse(401);
    assert.equal(res.headers.get("www-authenticate"), 'Bearer realm="mixera"');
  });

  it("carry error and a sanitised description", () => {
    const res = bearerChallengeResponse(401, "invalid_token", 'bad "token"\r\n');
    assert.equal(
      res.headers.get("www-authenticate"),
      'Bearer realm="mixera", error="invalid_token", error_description="bad token"',
    );
  });
});
