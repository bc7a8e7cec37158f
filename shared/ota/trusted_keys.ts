/**
 * @module
 * The firmware signing keys a controller build trusts, compiled into the binary: the build defines
 * `MIXERA_FIRMWARE_TRUSTED_KEYS` (`bun build --define`) as a string of base64url raw Ed25519 public
 * keys separated by commas, usually two while a signing key is rotated. Without the define (running
 * from source) the list is empty and every manifest is refused as signed by an unknown key.
 */
import { PublicKeySchema } from "../devices/schemas.ts";

declare const MIXERA_FIRMWARE_TRUSTED_KEYS: string | undefined;

/** At most this many keys are trusted at once: the current one and the one replacing it, with room to spare. */
export const MAX_TRUSTED_FIRMWARE_KEYS = 4;

/**
 * The keys in a comma-separated list, or a message saying what is wrong with it.
 *
 * @example
 * parseTrustedFirmwareKeys("KEY_A, KEY_B") // { ok: true, keys: ["KEY_A", "KEY_B"] } for valid keys
 */
export function parseTrustedFirmwareKeys(
  text: string,
): { ok: true; keys: readonly string[] } | { ok: false; message: string } {
  const keys = [...new Set(text.split(",").map((part) => part.trim()).filter((part) => part !== ""))];
  const invalid = keys.find((key) => !PublicKeySchema.safeParse(key).success);
  if (invalid !== undefined) {
    return { ok: false, message: `not a base64url Ed25519 public key: ${invalid.slice(0, 60)}` };
  }
  if (keys.length > MAX_TRUSTED_FIRMWARE_KEYS) {
    return { ok: false, message: `at most ${MAX_TRUSTED_FIRMWARE_KEYS} trusted firmware keys` };
  }
  return { ok: true, keys };
}

function builtInKeys(): readonly string[] {
  if (typeof MIXERA_FIRMWARE_TRUSTED_KEYS !== "string") return [];
  const parsed = parseTrustedFirmwareKeys(MIXERA_FIRMWARE_TRUSTED_KEYS);
  if (!parsed.ok) throw new Error(`MIXERA_FIRMWARE_TRUSTED_KEYS compiled into this build: ${parsed.message}`);
  return parsed.keys;
}

/** The public keys compiled into this build. */
export const BUILT_IN_FIRMWARE_KEYS: readonly string[] = builtInKeys();
