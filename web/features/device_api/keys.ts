/**
 * @module
 * Imported device public keys, cached per instance: importing costs as much as a verification, and
 * a device presents the same key on every handshake. The cache is keyed by the key bytes themselves,
 * so a rotated or revoked key can never be served for another.
 */
import { importDevicePublicKey } from "../../../shared/devices/jwt.ts";

const MAX_CACHED_KEYS = 10_000;
const cache = new Map<string, CryptoKey>();

export async function devicePublicKey(publicKey: string): Promise<CryptoKey | null> {
  const cached = cache.get(publicKey);
  if (cached) return cached;
  const key = await importDevicePublicKey(publicKey);
  if (!key) return null;
  if (cache.size >= MAX_CACHED_KEYS) cache.delete(cache.keys().next().value!);
  cache.set(publicKey, key);
  return key;
}
