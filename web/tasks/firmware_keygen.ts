/**
 * @module `deno task firmware:keygen`: prints a new firmware signing seed for FIRMWARE_SIGNING_KEYS and
 * the public key (and its id) that controller builds must trust (MIXERA_FIRMWARE_TRUSTED_KEYS).
 */
import { generateFirmwareSigningSeed, importFirmwareSigningKey } from "../../shared/ota/mod.ts";

/** The lines the task prints for a fresh key. */
export async function firmwareKeygenLines(seed = generateFirmwareSigningSeed()): Promise<string[]> {
  const key = (await importFirmwareSigningKey(seed))!;
  return [
    `signing seed (secret, portal only):  FIRMWARE_SIGNING_KEYS=${seed}`,
    `public key (controller builds):      MIXERA_FIRMWARE_TRUSTED_KEYS=${key.publicKey}`,
    `key id (in every signed manifest):   ${key.keyId}`,
  ];
}

if (import.meta.main) { for (const line of await firmwareKeygenLines()) console.log(line); }
