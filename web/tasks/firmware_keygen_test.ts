import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generateFirmwareSigningSeed, importFirmwareSigningKey } from "../../shared/ota/mod.ts";
import { firmwareKeygenLines } from "./firmware_keygen.ts";

describe("firmware:keygen", () => {
  it("prints the seed for the portal and the matching public key and id for controller builds", async () => {
    const seed = generateFirmwareSigningSeed();
    const key = (await importFirmwareSigningKey(seed))!;
    const lines = await firmwareKeygenLines(seed);
    assert.match(lines[0], new RegExp(`FIRMWARE_SIGNING_KEYS=${seed}$`));
    assert.match(lines[1], new RegExp(`MIXERA_FIRMWARE_TRUSTED_KEYS=${key.publicKey}$`));
    assert.match(lines[2], new RegExp(`${key.keyId}$`));
  });
});
