/**
 * @module Provider tokens at rest: AES-256-GCM under EXTERNAL_STORAGE_KEY, a random IV each time,
 * bound to the user and provider (additional data) so a sealed token copied to another row does not open.
 */
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from "@oslojs/encoding";

async function importKey(tokenKey: string): Promise<CryptoKey> {
  return await crypto.subtle.importKey(
    "raw",
    new Uint8Array(decodeBase64urlIgnorePadding(tokenKey)),
    "AES-GCM",
    false,
    [
      "encrypt",
      "decrypt",
    ],
  );
}

const context = (owner: string) => new TextEncoder().encode(`mixera external storage v1\0${owner}`);

/**
 * `iv.ciphertext` in base64url.
 *
 * @example
 * const sealed = await sealToken(config.externalStorage.tokenKey!, `${userId}:dropbox`, accessToken);
 */
export async function sealToken(tokenKey: string, owner: string, token: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: context(owner) },
    await importKey(tokenKey),
    new TextEncoder().encode(token),
  );
  return `${encodeBase64urlNoPadding(iv)}.${encodeBase64urlNoPadding(new Uint8Array(ciphertext))}`;
}

/** The token, or null when the seal does not open with this key and owner. */
export async function openToken(tokenKey: string, owner: string, sealed: string): Promise<string | null> {
  const [iv, ciphertext] = sealed.split(".");
  try {
    const plaintext = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: new Uint8Array(decodeBase64urlIgnorePadding(iv)),
        additionalData: context(owner),
      },
      await importKey(tokenKey),
      new Uint8Array(decodeBase64urlIgnorePadding(ciphertext ?? "")),
    );
    return new TextDecoder().decode(plaintext);
  } catch {
    return null;
  }
}
