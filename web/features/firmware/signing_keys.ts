/**
 * @module
 * The portal's firmware signing keys. FIRMWARE_SIGNING_KEYS lists Ed25519 seeds; the first signs every
 * manifest and all of them are shown as trusted, so a controller build can trust the next key before
 * the portal switches to it. Without the variable, development and tests generate one seed and keep
 * it in DATA_DIR/firmware-signing-key (so `npm start` signs with the same key after a restart);
 * production then signs nothing and firmware publishing is off. The key for artifact URLs is derived
 * from the signing seed (HKDF), so there is one secret to configure.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../../../shared/config/config.ts";
import { decodeBase64Url } from "../../../shared/devices/base64url.ts";
import {
  type FirmwareSigningKey,
  generateFirmwareSigningSeed,
  importFirmwareSigningKey,
} from "../../../shared/ota/mod.ts";

export const DEV_SIGNING_KEY_FILE = "firmware-signing-key";

export interface FirmwareKeys {
  signer: FirmwareSigningKey;
  /** Every configured key's id and public key, the signer first. */
  trusted: { keyId: string; publicKey: string }[];
  /** HMAC-SHA-256 key of the portal's signed artifact URLs. */
  urlKey: CryptoKey;
  source: "configured" | "generated";
}

const cache = new WeakMap<Config, Promise<FirmwareKeys | null>>();

async function devSeed(dataDir: string): Promise<string> {
  const path = join(dataDir, DEV_SIGNING_KEY_FILE);
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw error;
  }
  const seed = generateFirmwareSigningSeed();
  try {
    // `wx`: of two instances starting at once, one writes and the other reads what it wrote.
    await writeFile(path, `${seed}\n`, { flag: "wx", mode: 0o600 });
    return seed;
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
    return (await readFile(path, "utf8")).trim();
  }
}

async function urlKeyFrom(seed: string): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", decodeBase64Url(seed)!, "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(),
      info: new TextEncoder().encode("mixera firmware artifact urls"),
    },
    material,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign", "verify"],
  );
}

async function load(config: Config): Promise<FirmwareKeys | null> {
  let seeds = config.firmware.signingKeys;
  const source = seeds.length > 0 ? "configured" : "generated";
  if (seeds.length === 0) {
    if (config.mode === "production") return null;
    seeds = [await devSeed(config.dataDir)];
  }
  const keys: FirmwareSigningKey[] = [];
  for (const seed of seeds) {
    const key = await importFirmwareSigningKey(seed);
    if (!key) throw new Error("FIRMWARE_SIGNING_KEYS holds a seed that is not a 32-byte Ed25519 seed");
    keys.push(key);
  }
  return {
    signer: keys[0],
    trusted: keys.map(({ keyId, publicKey }) => ({ keyId, publicKey })),
    urlKey: await urlKeyFrom(seeds[0]),
    source,
  };
}

/** The keys for `config`, loaded once; null in production when none is configured. */
export function firmwareKeys(config: Config): Promise<FirmwareKeys | null> {
  let keys = cache.get(config);
  if (!keys) {
    keys = load(config);
    cache.set(config, keys);
  }
  return keys;
}
