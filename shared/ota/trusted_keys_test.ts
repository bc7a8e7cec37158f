import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BUILT_IN_FIRMWARE_KEYS, parseTrustedFirmwareKeys } from "./trusted_keys.ts";

const KEY_A = "A".repeat(43);
const KEY_B = "B".repeat(42) + "_";

describe("trusted firmware keys", () => {
  it("reads a comma-separated list, trimming and dropping duplicates", () => {
    assert.deepEqual(parseTrustedFirmwareKeys(` ${KEY_A}, ${KEY_B},${KEY_A} `), {
      ok: true,
      keys: [KEY_A, KEY_B],
    });
    assert.deepEqual(parseTrustedFirmwareKeys(""), { ok: true, keys: [] });
  });

  it("refuses anything that is not a raw Ed25519 public key, and too many keys", () => {
    const bad = parseTrustedFirmwareKeys(`${KEY_A},not-a-key`);
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.message : "", /not-a-key/);
    const many = ["A", "B", "C", "D", "E"].map((c) => c.repeat(43)).join(",");
    assert.equal(parseTrustedFirmwareKeys(many).ok, false);
  });

  it("trusts no key when run from source without a build define", () => {
    assert.deepEqual(BUILT_IN_FIRMWARE_KEYS, []);
  });
});
