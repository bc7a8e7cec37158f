/**
 * @module
 * The device's Ed25519 key as the cloud client uses it: the private key read from the provisioned
 * PKCS#8 PEM file, the public key in base64url, and device JWTs signed with it.
 */
import { readFileSync } from "node:fs";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import { MAX_DEVICE_JWT_LIFETIME_SEC, signDeviceJwt } from "../../shared/devices/jwt.ts";
import type { DeviceIdentity } from "../store/store.ts";

export async function loadPrivateKey(identity: DeviceIdentity): Promise<CryptoKey> {
  const pem = readFileSync(identity.privateKeyPath, "utf8");
  const base64 = pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  return await crypto.subtle.importKey("pkcs8", Buffer.from(base64, "base64"), { name: "Ed25519" }, false, [
    "sign",
  ]);
}

/** The provisioned public key (stored as standard base64) in the portal's base64url form. */
export function publicKeyBase64Url(identity: DeviceIdentity): string {
  return encodeBase64Url(Buffer.from(identity.publicKey, "base64"));
}

/** A device JWT for `audience`, valid two minutes, with a fresh `jti`. */
export function deviceJwt(
  key: CryptoKey,
  serial: string,
  audience: string,
  extra: { new_public_key?: string } = {},
  now = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return signDeviceJwt(key, {
    sub: serial,
    aud: audience,
    iat,
    exp: iat + Math.min(120, MAX_DEVICE_JWT_LIFETIME_SEC),
    jti: encodeBase64Url(crypto.getRandomValues(new Uint8Array(18))),
    ...extra,
  });
}
