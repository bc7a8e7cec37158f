/**
 * @module
 * The sealed copy of a refresh token's successor, so a client that lost the rotation response can get
 * the *same* successor once within the grace window instead of a new pair. The key is derived from the
 * old refresh token itself, which the database stores only as a hash: only someone presenting that
 * token can open the copy, and the database alone reveals nothing (AES-256-GCM, a random IV each).
 */
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

/** What the grace window hands back: the successor pair as first issued. */
export interface SealedSuccessor {
  accessToken: string;
  refreshToken: string | null;
  accessExpiresAtMs: number;
  scope: string;
}

/** Separates this key from the token's lookup hash (a plain SHA-256 of the same token). */
const KEY_CONTEXT = "mixera refresh successor v1\0";

async function keyFor(presentedRefreshToken: string): Promise<CryptoKey> {
  const material = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(KEY_CONTEXT + presentedRefreshToken),
  );
  return await crypto.subtle.importKey("raw", material, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/** `iv.ciphertext`, both base64url. */
export async function sealSuccessor(
  presentedRefreshToken: string,
  successor: SealedSuccessor,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plaintext = new TextEncoder().encode(JSON.stringify(successor));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv },
    await keyFor(presentedRefreshToken),
    plaintext,
  );
  return `${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(new Uint8Array(ciphertext))}`;
}

/** The successor sealed for this token, or null when the seal does not open with it. */
export async function openSuccessor(
  presentedRefreshToken: string,
  sealed: string,
): Promise<SealedSuccessor | null> {
  const [iv, ciphertext] = sealed.split(".");
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: new Uint8Array(decodeBase64urlIgnorePadding(iv)) },
      await keyFor(presentedRefreshToken),
      new Uint8Array(decodeBase64urlIgnorePadding(ciphertext ?? "")),
    );
    return JSON.parse(new TextDecoder().decode(plaintext)) as SealedSuccessor;
  } catch {
    return null;
  }
}
