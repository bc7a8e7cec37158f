/**
 * @module
 * The session-opening challenge UA's apps ask for with `post /request_challenge?func_id=…` and answer
 * with `post /response <answer>`. The blob has the shape they parse: base64 of the ASCII magic `UANP`,
 * a version (uint32 little-endian, 1) and 128 random challenge bytes. The daemon does not check the
 * answer: it binds 127.0.0.1 unless told to listen on a LAN address, and anything that can reach the
 * port may drive the mixer anyway.
 */

export const CHALLENGE_MAGIC = "UANP";
export const CHALLENGE_VERSION = 1;
export const CHALLENGE_BYTES = 128;
export const CHALLENGE_HEADER_BYTES = CHALLENGE_MAGIC.length + 4;

/** A fresh challenge blob, base64-encoded (184 characters). */
export function newChallenge(): string {
  const blob = new Uint8Array(CHALLENGE_HEADER_BYTES + CHALLENGE_BYTES);
  for (let i = 0; i < CHALLENGE_MAGIC.length; i++) blob[i] = CHALLENGE_MAGIC.charCodeAt(i);
  new DataView(blob.buffer).setUint32(CHALLENGE_MAGIC.length, CHALLENGE_VERSION, true);
  crypto.getRandomValues(blob.subarray(CHALLENGE_HEADER_BYTES));
  return Buffer.from(blob).toString("base64");
}
