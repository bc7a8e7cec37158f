/**
 * @module
 * Device cookies: a browser that signed in to an account before carries a cookie signed for that
 * account, and its sign-ins are counted on their own instead of against the account. Failures from
 * everywhere else then cannot keep the owner out of a browser they already use.
 *
 * The value is `nonce.mac`, the MAC an HMAC-SHA256 of the account id and the nonce keyed by the account's
 * password hash: only the server can sign one, it is good for one account only, and a password change
 * voids every device cookie of the account at once.
 */
import { createHmac } from "node:crypto";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../context.ts";
import type { User } from "../db/schema/users.ts";
import { randomSecret, secretsEqual } from "./secrets.ts";
import { servesHttps } from "./session.ts";

export const DEVICE_COOKIE = "mixera_device";
const DEVICE_COOKIE_MAX_AGE_SEC = 365 * 24 * 60 * 60;

function cookieName<E extends AppEnv>(c: Context<E>): string {
  return servesHttps(c) ? `__Host-${DEVICE_COOKIE}` : DEVICE_COOKIE;
}

function mac(user: Pick<User, "id" | "passwordHash">, nonce: string): string {
  return createHmac("sha256", user.passwordHash).update(`device:${user.id}:${nonce}`).digest("base64url");
}

/** Marks this browser as one `user` signs in from. */
export function issueDeviceCookie<E extends AppEnv>(
  c: Context<E>,
  user: Pick<User, "id" | "passwordHash">,
): void {
  const nonce = randomSecret(15);
  setCookie(c, cookieName(c), `${nonce}.${mac(user, nonce)}`, {
    httpOnly: true,
    sameSite: "Lax",
    secure: servesHttps(c),
    path: "/",
    maxAge: DEVICE_COOKIE_MAX_AGE_SEC,
  });
}

/** The id of this browser's device cookie when it was signed for `user`, else null. */
export function trustedDeviceId<E extends AppEnv>(
  c: Context<E>,
  user: Pick<User, "id" | "passwordHash"> | undefined,
): string | null {
  const value = getCookie(c, cookieName(c));
  if (!user || !value || value.length > 200) return null;
  const [nonce, signature, extra] = value.split(".");
  if (!nonce || !signature || extra !== undefined) return null;
  return secretsEqual(mac(user, nonce), signature) ? nonce : null;
}

/** Forgets this browser's device cookie (the account it was signed for is gone). */
export function deleteDeviceCookie<E extends AppEnv>(c: Context<E>): void {
  deleteCookie(c, cookieName(c), { path: "/", secure: servesHttps(c), httpOnly: true, sameSite: "Lax" });
}
