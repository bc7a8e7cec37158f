import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../../shared/config/config.ts";
import { generateFirmwareSigningSeed, importFirmwareSigningKey } from "../../../shared/ota/mod.ts";
import { DEV_SIGNING_KEY_FILE, firmwareKeys } from "./signing_keys.ts";

describe("firmware signing keys", () => {
  const dir = mkdtempSync(join(tmpdir(), "mixera-firmware-keys-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("generates a development key once and keeps it in DATA_DIR, readable by its owner only", async () => {
    const first = await firmwareKeys(loadConfig({ MIXERA_ENV: "development", DATA_DIR: dir }));
    const afterRestart = await firmwareKeys(loadConfig({ MIXERA_ENV: "development", DATA_DIR: dir }));
    assert.equal(first?.source, "generated");
    assert.equal(afterRestart?.signer.publicKey, first?.signer.publicKey);
    assert.equal(statSync(join(dir, DEV_SIGNING_KEY_FILE)).mode & 0o777, 0o600);
  });

  it("signs with the first configured seed and lists every configured key as trusted", async () => {
    const seeds = [generateFirmwareSigningSeed(), generateFirmwareSigningSeed()];
    const keys = await firmwareKeys(loadConfig({ DATA_DIR: dir, FIRMWARE_SIGNING_KEYS: seeds.join(",") }));
    const expected = await Promise.all(seeds.map(async (seed) => (await importFirmwareSigningKey(seed))!));
    assert.equal(keys?.source, "configured");
    assert.equal(keys?.signer.keyId, expected[0].keyId);
    assert.deepEqual(keys?.trusted, expected.map(({ keyId, publicKey }) => ({ keyId, publicKey })));
  });

  it("has no key in production unless one is configured", async () => {
    assert.equal(await firmwareKeys(loadConfig({ DATA_DIR: dir })), null);
  });
});
