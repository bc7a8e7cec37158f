/**
 * @module
 * Password reset by emailed link. The link carries a 160-bit token; only its SHA-256 is stored. A token
 * lives one hour and works once; using it ends every session of the account and revokes its OAuth tokens.
 */
import { and, eq, gt } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import { passwordResetTokens } from "../../db/schema/password_reset.ts";
import { users } from "../../db/schema/users.ts";
import { hashSecret, randomSecret } from "../../auth/secrets.ts";
import { invalidateAllSessions } from "../../auth/session.ts";
import { sendLater } from "../../mail/send_later.ts";
import { revokeAllOAuthAccessOfUser } from "../oauth/mod.ts";
import { applyAdminEmails, findUserByEmail, setPassword } from "./accounts.ts";

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/**
 * Mails a reset link when an active account has this address; does nothing visible otherwise. Both
 * cases draw and hash a token and clear older tokens, and the mail leaves after the response, so
 * the time the request takes does not tell whether the address has an account.
 */
export async function requestPasswordReset(deps: AppDeps, email: string): Promise<void> {
  const { db, clock, mailer, config } = deps;
  const found = await findUserByEmail(db, email);
  const user = found && !found.disabledAt ? found : undefined;
  const token = randomSecret(20);
  const tokenHash = hashSecret(token);
  const now = clock.now();
  // No user id is empty, so for an unknown address this is the same statement matching no row.
  await db.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user?.id ?? ""));
  if (!user) return;
  await db.insert(passwordResetTokens).values({
    tokenHash,
    userId: user.id,
    createdAt: now,
    expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS),
  });
  sendLater(mailer, {
    to: user.email,
    subject: "Reset your MIXERA password",
    text: `Hi ${user.displayName},\n\nsomeone asked to reset the password of your MIXERA account.\n` +
      `To choose a new password, open this link within one hour:\n\n${config.publicUrl}/reset-password/${token}\n\n` +
      `If it was not you, ignore this mail: your password stays as it is.\n`,
  });
}

/** True when `token` is a live reset token (the page asks for a new password only then). */
export async function isResetTokenValid({ db, clock }: AppDeps, token: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: passwordResetTokens.userId })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashSecret(token)),
        gt(passwordResetTokens.expiresAt, clock.now()),
      ),
    );
  return row !== undefined;
}

/**
 * Uses up `token` and sets the new password; false when the token is unknown, used or expired.
 * Reading the mail proves the address, so the address counts as verified afterwards.
 */
export async function resetPassword(deps: AppDeps, token: string, password: string): Promise<boolean> {
  const { db, clock } = deps;
  const now = clock.now();
  const [consumed] = await db
    .delete(passwordResetTokens)
    .where(and(eq(passwordResetTokens.tokenHash, hashSecret(token)), gt(passwordResetTokens.expiresAt, now)))
    .returning({ userId: passwordResetTokens.userId });
  if (!consumed) return false;
  await setPassword(db, consumed.userId, password);
  const [user] = await db.select().from(users).where(eq(users.id, consumed.userId));
  if (user && !user.emailVerifiedAt) {
    await db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, consumed.userId));
    await applyAdminEmails(db, { ...user, emailVerifiedAt: now }, deps.config.adminEmails);
  }
  await db.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, consumed.userId));
  await invalidateAllSessions(db, consumed.userId);
  // Apps the user connected hold tokens a thief could have minted too; a reset ends those as well.
  await revokeAllOAuthAccessOfUser(db, consumed.userId, now);
  return true;
}
