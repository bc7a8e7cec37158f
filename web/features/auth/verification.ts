/**
 * @module
 * Email verification by an 8-digit code. A new code replaces any older one; a code is valid for 30
 * minutes, for the address it was sent to, and only once.
 */
import { and, eq, gt } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import { emailVerificationCodes } from "../../db/schema/email_verification.ts";
import { type User, users } from "../../db/schema/users.ts";
import { hashSecret, randomDigits, randomSecret, secretsEqual } from "../../auth/secrets.ts";
import { sendLater } from "../../mail/send_later.ts";
import { applyAdminEmails } from "./accounts.ts";

export const VERIFICATION_CODE_TTL_MS = 30 * 60 * 1000;

/** Creates a fresh code for the user's current address and mails it (after the response, see sendLater). */
export async function sendVerificationCode({ db, mailer, clock }: AppDeps, user: User): Promise<void> {
  const code = randomDigits(8);
  const now = clock.now();
  await db.delete(emailVerificationCodes).where(eq(emailVerificationCodes.userId, user.id));
  await db.insert(emailVerificationCodes).values({
    id: randomSecret(15),
    userId: user.id,
    email: user.email,
    codeHash: hashSecret(code),
    createdAt: now,
    expiresAt: new Date(now.getTime() + VERIFICATION_CODE_TTL_MS),
  });
  sendLater(mailer, {
    to: user.email,
    subject: `Your MIXERA verification code: ${code}`,
    text: `Hi ${user.displayName},\n\nyour MIXERA verification code is\n\n    ${code}\n\n` +
      `It is valid for 30 minutes. If you did not create a MIXERA account, you can ignore this mail.\n`,
  });
}

/**
 * Marks the address verified when `code` is the user's live code; the code is used up either way it
 * matches. A verified address listed in ADMIN_EMAILS makes the user an admin from then on.
 */
export async function verifyEmailCode(
  { db, clock, config }: AppDeps,
  user: User,
  code: string,
): Promise<boolean> {
  const now = clock.now();
  const [row] = await db
    .select()
    .from(emailVerificationCodes)
    .where(
      and(
        eq(emailVerificationCodes.userId, user.id),
        eq(emailVerificationCodes.email, user.email),
        gt(emailVerificationCodes.expiresAt, now),
      ),
    );
  if (!row || !secretsEqual(hashSecret(code), row.codeHash)) return false;
  const consumed = await db
    .delete(emailVerificationCodes)
    .where(eq(emailVerificationCodes.id, row.id))
    .returning({ id: emailVerificationCodes.id });
  if (consumed.length === 0) return false;
  await db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id));
  await applyAdminEmails(db, { ...user, emailVerifiedAt: now }, config.adminEmails);
  return true;
}
