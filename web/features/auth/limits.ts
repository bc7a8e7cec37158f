/** @module The rate limits of the account pages, in one place so they can be read and tested together. */
import type { RateLimit } from "../../security/rate_limit.ts";

const MINUTE = 60 * 1000;

export const LIMITS = {
  /** Sign-in attempts from one IP address (many people can share an address). */
  signInPerIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Sign-in attempts against one account, from anywhere. */
  signInPerAccount: { limit: 10, windowMs: 15 * MINUTE },
  signUpPerIp: { limit: 30, windowMs: 60 * MINUTE },
  /** Guesses of the 8-digit email code per account. */
  verifyPerUser: { limit: 10, windowMs: 15 * MINUTE },
  /** New codes mailed per account. */
  verifyResendPerUser: { limit: 5, windowMs: 60 * MINUTE },
  resetRequestPerIp: { limit: 10, windowMs: 60 * MINUTE },
  resetRequestPerEmail: { limit: 3, windowMs: 60 * MINUTE },
  /** Reset links opened or submitted from one IP address. */
  resetUsePerIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Current-password checks on the Security page per account. */
  passwordChangePerUser: { limit: 10, windowMs: 15 * MINUTE },
} satisfies Record<string, RateLimit>;
