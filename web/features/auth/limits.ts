/** @module The rate limits of the account pages, in one place so they can be read and tested together. */
import type { RateLimit } from "../../security/rate_limit.ts";
import type { BackoffPolicy } from "../../security/failure_backoff.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const LIMITS = {
  signUpPerIp: { limit: 30, windowMs: 60 * MINUTE },
  /** Guesses of the 8-digit email code per account, and per address for a pending sign-up. */
  verifyPerUser: { limit: 10, windowMs: 15 * MINUTE },
  /** New codes asked for per account, and per address for a pending sign-up. */
  verifyResendPerUser: { limit: 5, windowMs: 60 * MINUTE },
  resetRequestPerIp: { limit: 10, windowMs: 60 * MINUTE },
  resetRequestPerEmail: { limit: 3, windowMs: 60 * MINUTE },
  /** Reset links opened or submitted from one IP address. */
  resetUsePerIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Current-password checks on the Security page per account. */
  passwordChangePerUser: { limit: 10, windowMs: 15 * MINUTE },
} satisfies Record<string, RateLimit>;

/**
 * Failed sign-ins slow further attempts down rather than lock anyone out. Only failures count, and a
 * browser with the account's device cookie is judged by its own failures alone.
 */
export const SIGN_IN_BACKOFF = {
  /** Failures against one account from browsers without its device cookie. */
  perAccount: { freeFailures: 10, baseDelayMs: 2 * SECOND, maxDelayMs: 5 * MINUTE },
  /** Failures from one browser holding the account's device cookie. */
  perDevice: { freeFailures: 10, baseDelayMs: 2 * SECOND, maxDelayMs: 5 * MINUTE },
  /**
   * Failures from one IP address without a device cookie. Many people can share an address, so the
   * allowance is wide and a device cookie is never held back by it.
   */
  perIp: { freeFailures: 100, baseDelayMs: 1 * SECOND, maxDelayMs: 5 * MINUTE },
} satisfies Record<string, BackoffPolicy>;
