import { describe, expect, test } from "bun:test";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import type { FirmwareManifest } from "../../shared/ota/mod.ts";
import { checkRelease, type ReleaseCheckContext } from "./check_release.ts";
import { newSigningKey, signed } from "./testing/releases.ts";

const NOW = new Date("2026-12-01T12:00:00Z");
const manifest: FirmwareManifest = {
  models: ["MXR-DJCTRL-v2"],
  version: "1.4.0",
  min_firmware_version: "1.2.0",
  channel: "stable",
  artifact_url: "https://mixera.pro/api/device/firmware/artifacts/r1",
  sha256: "a".repeat(64),
  size_bytes: 1024,
  issued_at: "2026-12-01T11:59:00Z",
  expires_at: "2026-12-01T12:59:00Z",
  sequence: 7,
};
const key = await newSigningKey();
const context: ReleaseCheckContext = {
  trustedKeys: [key.publicKey],
  model: "MXR-DJCTRL-v2",
  installedVersion: "1.3.0",
  trust: { highestVersion: "1.3.0", lastSequence: 6 },
  now: NOW,
};

async function refusal(fields: Partial<FirmwareManifest>, overrides: Partial<ReleaseCheckContext> = {}) {
  const result = await checkRelease(await signed({ ...manifest, ...fields }, key), {
    ...context,
    ...overrides,
  });
  return result.ok ? "accepted" : result.refusal;
}

describe("release checks", () => {
  test("accepts a signed, current, newer release for this model", async () => {
    expect(await checkRelease(await signed(manifest, key), context)).toEqual({ ok: true, manifest });
  });

  test("checks the signature over the raw bytes before reading any field", async () => {
    // Bytes that are not even JSON: a parser-first client would fail differently.
    const envelope = await signed(manifest, key);
    const garbage = { ...envelope, manifest: encodeBase64Url(new TextEncoder().encode("{not json")) };
    expect(await checkRelease(garbage, context)).toMatchObject({ ok: false, refusal: "bad_signature" });
    const stranger = await newSigningKey();
    expect(await checkRelease(await signed(manifest, stranger), context)).toMatchObject({
      refusal: "unknown_key",
    });
    expect(await checkRelease({ manifest: "x" }, context)).toMatchObject({ refusal: "malformed_envelope" });
  });

  test("a second trusted key (rotation) is accepted too", async () => {
    const next = await newSigningKey();
    const rotated = { ...context, trustedKeys: [key.publicKey, next.publicKey] };
    expect((await checkRelease(await signed(manifest, next), rotated)).ok).toBe(true);
  });

  test("refuses by model, minimum firmware, version, highest version ever trusted, sequence and expiry", async () => {
    expect(await refusal({ models: ["MXR-DJCTRL-v1"] })).toBe("wrong_model");
    expect(await refusal({ min_firmware_version: "1.3.1" })).toBe("firmware_too_old");
    expect(await refusal({ version: "1.3.0" })).toBe("not_newer");
    expect(await refusal({ version: "1.2.9" })).toBe("not_newer");
    // After a rollback to 1.3.0, 1.4.0 (tried and abandoned) stays refused.
    expect(await refusal({}, { trust: { highestVersion: "1.4.0", lastSequence: 6 } })).toBe("rollback");
    expect(await refusal({ sequence: 6 })).toBe("replayed");
    expect(await refusal({ expires_at: "2026-12-01T12:00:00Z" })).toBe("expired");
    expect(
      await refusal({ version: "1.4.0-beta.1" }, { trust: { highestVersion: "1.3.0", lastSequence: 0 } }),
    )
      .toBe("accepted");
  });

  test("refusals say what was expected and what was found", async () => {
    const result = await checkRelease(await signed({ ...manifest, sequence: 3 }, key), context);
    expect(result).toEqual({
      ok: false,
      refusal: "replayed",
      message: "manifest sequence 3 is not above 6, the last one accepted",
    });
  });
});
