import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { decodeBase64Url, encodeBase64Url } from "../devices/base64url.ts";
import type { FirmwareManifest, SignedFirmwareManifest } from "./manifest.ts";
import {
  firmwareKeyId,
  generateFirmwareSigningSeed,
  importFirmwareSigningKey,
  signFirmwareManifest,
  verifySignedManifest,
} from "./signature.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const manifest: FirmwareManifest = {
  models: ["MXR-DJCTRL-v2"],
  version: "1.4.0",
  min_firmware_version: "1.0.0",
  channel: "stable",
  artifact_url: "https://mixera.pro/api/device/firmware/artifacts/r1?expires=1&signature=x",
  sha256: "a".repeat(64),
  size_bytes: 104_857_600,
  issued_at: "2026-12-01T11:59:00Z",
  expires_at: "2026-12-01T12:59:00Z",
  sequence: 7,
};

async function newKey() {
  return (await importFirmwareSigningKey(generateFirmwareSigningSeed()))!;
}

function withBytes(envelope: SignedFirmwareManifest, edit: (bytes: Uint8Array) => Uint8Array) {
  return { ...envelope, manifest: encodeBase64Url(edit(decodeBase64Url(envelope.manifest)!)) };
}

describe("firmware manifest signatures", () => {
  it("verifies a manifest signed by a trusted key and returns its fields", async () => {
    const key = await newKey();
    const envelope = await signFirmwareManifest(manifest, key);
    assert.equal(envelope.key_id, key.keyId);
    assert.deepEqual(await verifySignedManifest(envelope, { trustedKeys: [key.publicKey], now: NOW }), {
      ok: true,
      manifest,
      keyId: key.keyId,
    });
  });

  it("signs the exact bytes it carries, and any changed byte breaks the signature", async () => {
    const key = await newKey();
    const envelope = await signFirmwareManifest(manifest, key);
    assert.equal(new TextDecoder().decode(decodeBase64Url(envelope.manifest)!), JSON.stringify(manifest));
    const tampered = withBytes(envelope, (bytes) => {
      const copy = bytes.slice();
      copy[copy.length - 3] ^= 1;
      return copy;
    });
    assert.deepEqual(await verifySignedManifest(tampered, { trustedKeys: [key.publicKey], now: NOW }), {
      ok: false,
      problem: "bad_signature",
    });
  });

  it("checks the signature before parsing: garbage under a bad signature is a bad signature", async () => {
    const key = await newKey();
    const envelope = await signFirmwareManifest(manifest, key);
    const garbage = { ...envelope, manifest: encodeBase64Url(new TextEncoder().encode("{not json")) };
    assert.deepEqual(await verifySignedManifest(garbage, { trustedKeys: [key.publicKey], now: NOW }), {
      ok: false,
      problem: "bad_signature",
    });
  });

  it("refuses keys it does not trust, and a forged key id", async () => {
    const key = await newKey();
    const stranger = await newKey();
    const envelope = await signFirmwareManifest(manifest, stranger);
    assert.deepEqual(await verifySignedManifest(envelope, { trustedKeys: [key.publicKey], now: NOW }), {
      ok: false,
      problem: "unknown_key",
    });
    const relabelled = { ...envelope, key_id: key.keyId };
    assert.deepEqual(await verifySignedManifest(relabelled, { trustedKeys: [key.publicKey], now: NOW }), {
      ok: false,
      problem: "bad_signature",
    });
    assert.deepEqual(await verifySignedManifest(envelope, { trustedKeys: [], now: NOW }), {
      ok: false,
      problem: "unknown_key",
    });
  });

  it("trusts both keys during a rotation: manifests signed by the old and the new key verify", async () => {
    const oldKey = await newKey();
    const newKeyPair = await newKey();
    const trustedKeys = [newKeyPair.publicKey, oldKey.publicKey];
    for (const key of [oldKey, newKeyPair]) {
      const result = await verifySignedManifest(await signFirmwareManifest(manifest, key), {
        trustedKeys,
        now: NOW,
      });
      assert.equal(result.ok && result.keyId, key.keyId);
    }
  });

  it("refuses an expired manifest and one issued in the future", async () => {
    const key = await newKey();
    const options = { trustedKeys: [key.publicKey], now: NOW };
    const expired = await signFirmwareManifest({ ...manifest, expires_at: "2026-12-01T12:00:00Z" }, key);
    assert.deepEqual(await verifySignedManifest(expired, options), { ok: false, problem: "expired" });
    const early = await signFirmwareManifest({ ...manifest, issued_at: "2026-12-01T12:06:00Z" }, key);
    assert.deepEqual(await verifySignedManifest(early, options), { ok: false, problem: "not_yet_valid" });
    const skewed = await signFirmwareManifest({ ...manifest, issued_at: "2026-12-01T12:04:00Z" }, key);
    assert.equal((await verifySignedManifest(skewed, options)).ok, true);
  });

  it("refuses a correctly signed document that is not a manifest", async () => {
    const key = await newKey();
    const options = { trustedKeys: [key.publicKey], now: NOW };
    const notAManifest = await signFirmwareManifest({ ...manifest, version: "1.4" } as FirmwareManifest, key);
    assert.deepEqual(await verifySignedManifest(notAManifest, options), {
      ok: false,
      problem: "malformed_manifest",
    });
  });

  it("refuses malformed envelopes without touching the key", async () => {
    const key = await newKey();
    const options = { trustedKeys: [key.publicKey], now: NOW };
    const envelope = await signFirmwareManifest(manifest, key);
    for (
      const bad of [
        null,
        "text",
        { ...envelope, signature: "short" },
        { ...envelope, manifest: "!!" },
        { ...envelope, manifest: "A".repeat(20_000) },
        { manifest: envelope.manifest, signature: envelope.signature },
      ]
    ) {
      assert.deepEqual(await verifySignedManifest(bad, options), {
        ok: false,
        problem: "malformed_envelope",
      });
    }
  });

  it("derives the same key id and public key from the same seed", async () => {
    const seed = generateFirmwareSigningSeed();
    const [a, b] = [await importFirmwareSigningKey(seed), await importFirmwareSigningKey(seed)];
    assert.equal(a!.publicKey, b!.publicKey);
    assert.equal(a!.keyId, await firmwareKeyId(a!.publicKey));
    assert.equal(a!.keyId.length, 16);
    assert.equal(await importFirmwareSigningKey("too-short"), null);
    assert.equal(await firmwareKeyId("nope"), null);
  });
});
