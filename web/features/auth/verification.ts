/**
 * @module
 * Email verification by an 8-digit code. A new code replaces any older one; a code is valid for 30
 * minutes, for the address it was sent to, and only once.
 */
import { and, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import { type EmailVerificationCode, emailVerificationCodes } from "../../db/schema/email_verification.ts";
import { type User, users } from "../../db/schema/users.ts";
import { hashSecret, randomDigits, randomSecret, secretsEqual } from "../../auth/secrets.ts";
import { sendLater } from "../../mail/send_later.ts";
import type { Mailer } from "../../mail/mailer.ts";
import { applyAdminEmails } from "./accounts.ts";
import { pendingCodeId, type PendingSignUp } from "./pending_sign_up.ts";

export const VERIFICATION_CODE_TTL_MS = 30 * 60 * 1000;

/** A code not yet stored: what the mail says and what the row keeps. */
export interface NewVerificationCode {
  code: string;
  row: { id: string; codeHash: string; createdAt: Date; expiresAt: Date };
}

/** A fresh 8-digit code to be stored under `id`, valid from `now`. */
export function newVerificationCode(now: Date, id = randomSecret(15)): NewVerificationCode {
  const code = randomDigits(8);
  return {
    code,
    row: {
      id,
      codeHash: hashSecret(code),
      createdAt: now,
      expiresAt: new Date(now.getTime() + VERIFICATION_CODE_TTL_MS),
    },
  };
}

/** Mails `code` to the user's address after the response (see sendLater). */
export function mailVerificationCode(mailer: Mailer, user: User, code: string): void {
  sendLater(mailer, {
    to: user.email,
    subject: `Your MIXERA verification code: ${code}`,
    text: `Hi ${user.displayName},\n\nyour MIXERA verification code is\n\n    ${code}\n\n` +
      `It is valid for 30 minutes. If you did not create a MIXERA account, you can ignore this mail.\n`,
  });
}

/**
 * Replaces the user's code with a fresh one for their current address and mails it. `codeId` ties the
 * code to a pending sign-up (see pending_sign_up.ts); otherwise the id is random.
 */
export async function sendVerificationCode(
  { db, mailer, clock }: AppDeps,
  user: User,
  codeId = randomSecret(15),
): Promise<void> {
  const { code, row } = newVerificationCode(clock.now(), codeId);
  await db.delete(emailVerificationCodes).where(eq(emailVerificationCodes.userId, user.id));
  await db.insert(emailVerificationCodes).values({ ...row, userId: user.id, email: user.email });
  mailVerificationCode(mailer, user, code);
}

/**
 * Marks the address verified when `code` is the user's live code; the code is used up either way it
 * matches. A verified address listed in ADMIN_EMAILS makes the user an admin from then on.
 */
export async function verifyEmailCode(deps: AppDeps, user: User, code: string): Promise<boolean> {
  const [row] = await deps.db
    .select()
    .from(emailVerificationCodes)
    .where(
      and(
        eq(emailVerificationCodes.userId, user.id),
        eq(emailVerificationCodes.email, user.email),
        gt(emailVerificationCodes.expiresAt, deps.clock.now()),
      ),
    );
  return (await useCode(deps, row, user, code)) !== null;
}

/**
 * The account a pending sign-up created, verified, when `code` is the live code mailed for it; null
 * otherwise. A sign-up for a taken address has no code row under its nonce, so no code ever matches.
 */
export async function verifyPendingSignUp(
  deps: AppDeps,
  pending: PendingSignUp,
  code: string,
): Promise<User | null> {
  const [found] = await deps.db
    .select({ row: emailVerificationCodes, user: users })
    .from(emailVerificationCodes)
    .innerJoin(users, eq(users.id, emailVerificationCodes.userId))
    .where(
      and(
        eq(emailVerificationCodes.id, pendingCodeId(pending.nonce)),
        eq(emailVerificationCodes.email, pending.email),
        gt(emailVerificationCodes.expiresAt, deps.clock.now()),
      ),
    );
  if (!found || found.user.disabledAt) return null;
  return await useCode(deps, found.row, found.user, code);
}

/**
 * Mails a new code for the account a pending sign-up created, stored under `nextNonce`, and tells
 * whether there was one. It is one batch of the same statements either way: for a taken address there
 * is no code row under the nonce, so they change nothing and nothing is sent.
 */
export async function resendPendingSignUpCode(
  { db, mailer, clock }: AppDeps,
  pending: PendingSignUp,
  nextNonce: string,
): Promise<boolean> {
  const { code, row } = newVerificationCode(clock.now(), pendingCodeId(nextNonce));
  const [, , [user]] = await db.batch([
    db.insert(emailVerificationCodes).select(
      db.select({
        id: sql<string>`${row.id}`.as("id"),
        userId: emailVerificationCodes.userId,
        email: emailVerificationCodes.email,
        codeHash: sql<string>`${row.codeHash}`.as("code_hash"),
        createdAt: sql<number>`${row.createdAt.getTime()}`.as("created_at"),
        expiresAt: sql<number>`${row.expiresAt.getTime()}`.as("expires_at"),
      })
        .from(emailVerificationCodes)
        .innerJoin(users, eq(users.id, emailVerificationCodes.userId))
        .where(
          and(
            eq(emailVerificationCodes.id, pendingCodeId(pending.nonce)),
            eq(emailVerificationCodes.email, pending.email),
            eq(users.email, pending.email),
            isNull(users.emailVerifiedAt),
          ),
        ),
    ),
    db.delete(emailVerificationCodes).where(
      and(
        ne(emailVerificationCodes.id, row.id),
        inArray(
          emailVerificationCodes.userId,
          db.select({ userId: emailVerificationCodes.userId }).from(emailVerificationCodes).where(
            eq(emailVerificationCodes.id, row.id),
          ),
        ),
      ),
    ),
    db.select({ user: users })
      .from(emailVerificationCodes)
      .innerJoin(users, eq(users.id, emailVerificationCodes.userId))
      .where(eq(emailVerificationCodes.id, row.id)),
  ]);
  if (!user) return false;
  mailVerificationCode(mailer, user.user, code);
  return true;
}

/**
 * Uses up `row` when `code` matches it and it is for the user's current address, and marks the address
 * verified; returns the user as it now is. A verified address listed in ADMIN_EMAILS makes an admin.
 */
async function useCode(
  { db, clock, config }: AppDeps,
  row: EmailVerificationCode | undefined,
  user: User,
  code: string,
): Promise<User | null> {
  if (!row || row.email !== user.email || !secretsEqual(hashSecret(code), row.codeHash)) return null;
  const consumed = await db
    .delete(emailVerificationCodes)
    .where(eq(emailVerificationCodes.id, row.id))
    .returning({ id: emailVerificationCodes.id });
  if (consumed.length === 0) return null;
  const now = clock.now();
  await db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id));
  return await applyAdminEmails(db, { ...user, emailVerifiedAt: now }, config.adminEmails);
}
