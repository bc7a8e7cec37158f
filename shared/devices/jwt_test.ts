import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeBase64Url } from "./base64url.ts";
import { importDevicePublicKey, signDeviceJwt, verifyDeviceJwt } from "./jwt.ts";

async function keyPair() {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const publicKey = encodeBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)));
  return { pair, verifyKey: (await importDevicePublicKey(publicKey))! };
}

const NOW = 1_760_000_000;
const claims = {
  sub: "MXR-20250122-000001",
  aud: "https://mixera.pro",
  iat: NOW,
  exp: NOW + 120,
  jti: "j".repeat(22),
};
const options = { audience: "https://mixera.pro", subject: "MXR-20250122-000001", nowSec: NOW };

describe("device JWTs", () => {
  it("round-trips claims signed by the device key", async () => {
    const { pair, verifyKey } = await keyPair();
    const result = await verifyDeviceJwt(await signDeviceJwt(pair.privateKey, claims), verifyKey, options);
    assert.deepEqual(result, { ok: true, claims });
  });

  it("refuses a tampered payload before reading it, and other keys", async () => {
    const { pair, verifyKey } = await keyPair();
    const other = await keyPair();
    const token = await signDeviceJwt(pair.privateKey, claims);
    const [header, , signature] = token.split(".");
    const forgedPayload = encodeBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...claims, sub: "MXR-X" })),
    );
    assert.deepEqual(await verifyDeviceJwt(`${header}.${forgedPayload}.${signature}`, verifyKey, options), {
      ok: false,
      problem: "bad_signature",
    });
    assert.equal((await verifyDeviceJwt(token, other.verifyKey, options)).ok, false);
  });

  it("enforces audience, subject, a five-minute lifetime and expiry with 30 s of leeway", async () => {
    const { pair, verifyKey } = await keyPair();
    const check = async (overrides: Record<string, unknown>, nowSec = NOW) => {
      const result = await verifyDeviceJwt(
        await signDeviceJwt(pair.privateKey, { ...claims, ...overrides }),
        verifyKey,
        {
          ...options,
          nowSec,
        },
      );
      return result.ok ? "ok" : result.problem;
    };
    assert.equal(await check({ aud: "https://other.example" }), "wrong_audience");
    assert.equal(await check({ sub: "MXR-20250122-000002" }), "wrong_subject");
    assert.equal(await check({ exp: NOW + 301 }), "lifetime_too_long");
    assert.equal(await check({ exp: NOW + 300 }), "ok");
    assert.equal(await check({}, NOW + 149), "ok", "inside the leeway");
    assert.equal(await check({}, NOW + 150), "expired");
    assert.equal(await check({}, NOW - 31), "not_yet_valid");
    assert.equal((await verifyDeviceJwt("x".repeat(5000), verifyKey, options)).ok, false);
  });
});
