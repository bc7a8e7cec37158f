/**
 * @module
 * The pending sign-up cookie: what a browser carries between "Create account" and entering the emailed
 * code. Sign-up never signs anyone in, so a new address and a taken one can be answered alike: both get
 * this cookie, and only the code mailed for a new account turns it into a session.
 *
 * The value is `nonce.address`. The nonce is random and the verification code row of a new account is
 * stored under SHA-256(nonce), so the cookie names no account and only the browser that signed up can
 * use the code; a taken address gets a nonce that no row has. Nothing in the cookie needs to be signed:
 * an altered address or nonce matches no row, and the address only picks what the page shows and which
 * counter limits the guesses.
 */
import { Buffer } from "node:buffer";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../../context.ts";
import { servesHttps } from "../../auth/session.ts";
import { hashSecret, randomSecret } from "../../auth/secrets.ts";
import { emailSchema } from "./accounts.ts";

export const PENDING_SIGN_UP_COOKIE = "mixera_signup";
/** Twice a code's lifetime: long enough to ask for a new code, short enough not to linger. */
const PENDING_SIGN_UP_MAX_AGE_SEC = 60 * 60;
const NONCE_PATTERN = /^[a-z2-7]{24}$/;
const MAX_COOKIE_CHARS = 400;

export interface PendingSignUp {
  nonce: string;
  email: string;
}

function cookieName(c: Context<AppEnv>): string {
  return servesHttps(c) ? `__Host-${PENDING_SIGN_UP_COOKIE}` : PENDING_SIGN_UP_COOKIE;
}

/** A fresh nonce for a sign-up or a new code; 120 random bits. */
export function newPendingNonce(): string {
  return randomSecret(15);
}

/** The id under which the verification code of the sign-up holding `nonce` is stored. */
export function pendingCodeId(nonce: string): string {
  return hashSecret(`signup:${nonce}`);
}

export function setPendingSignUpCookie(c: Context<AppEnv>, pending: PendingSignUp): void {
  const address = Buffer.from(pending.email, "utf8").toString("base64url");
  setCookie(c, cookieName(c), `${pending.nonce}.${address}`, {
    httpOnly: true,
    sameSite: "Lax",
    secure: servesHttps(c),
    path: "/",
    maxAge: PENDING_SIGN_UP_MAX_AGE_SEC,
  });
}

/** The browser's pending sign-up, or null when it has none or the cookie is malformed. */
export function readPendingSignUp(c: Context<AppEnv>): PendingSignUp | null {
  const value = getCookie(c, cookieName(c));
  if (!value || value.length > MAX_COOKIE_CHARS) return null;
  const [nonce, address, extra] = value.split(".");
  if (!nonce || !address || extra !== undefined || !NONCE_PATTERN.test(nonce)) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(address)) return null;
  const email = Buffer.from(address, "base64url").toString("utf8");
  const parsed = emailSchema.safeParse(email);
  return parsed.success && parsed.data === email ? { nonce, email } : null;
}

export function deletePendingSignUpCookie(c: Context<AppEnv>): void {
  if (!getCookie(c, cookieName(c))) return;
  deleteCookie(c, cookieName(c), { path: "/", secure: servesHttps(c), httpOnly: true, sameSite: "Lax" });
}
