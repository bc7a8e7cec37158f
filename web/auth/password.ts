/**
 * @module
 * Password rules and hashing. Passwords are NFC-normalised (so the same text typed on different
 * systems matches) but otherwise never altered: no trimming, no case folding.
 */
import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";
import { boundedQueue, QueueFullError } from "../security/bounded_queue.ts";

/** OWASP's argon2id baseline: 19 MiB, 3 passes, 1 lane. @node-rs/argon2 defaults to argon2id. */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 3, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

/** Validates a new password (length counted in characters after NFC) and yields its NFC form. */
export const newPasswordSchema = z
  .string({ error: "Enter a password." })
  .transform((password) => password.normalize("NFC"))
  .refine((password) => [...password].length >= PASSWORD_MIN_LENGTH, {
    error: `Use at least ${PASSWORD_MIN_LENGTH} characters.`,
  })
  .refine((password) => [...password].length <= PASSWORD_MAX_LENGTH, {
    error: `Use at most ${PASSWORD_MAX_LENGTH} characters.`,
  });

/**
 * Every hash and check goes through this queue. Each costs 19 MiB and tens of milliseconds of a core,
 * so a burst of sign-ins past the queue is refused with a 503 rather than stalling the portal.
 */
export const passwordHashing = boundedQueue({ work: "password checks", concurrency: 4, maxWaiting: 16 });

/** Hashes a password to an argon2id PHC string. */
export function hashPassword(password: string): Promise<string> {
  return passwordHashing.run(() => hash(password.normalize("NFC"), ARGON2_OPTIONS));
}

/** Checks a password against a PHC string; a malformed hash or an over-long input counts as a mismatch. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  if (password.length > PASSWORD_MAX_LENGTH * 4) return false;
  try {
    return await passwordHashing.run(() => verify(phc, password.normalize("NFC")));
  } catch (error) {
    if (error instanceof QueueFullError) throw error;
    return false;
  }
}
