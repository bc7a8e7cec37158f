/**
 * @module
 * Creating accounts and checking credentials. Routes call these; views never touch the database.
 */
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type User, users } from "../../db/schema/users.ts";
import { type EmailVerificationCode, emailVerificationCodes } from "../../db/schema/email_verification.ts";
import { hashPassword, newPasswordSchema, verifyPassword } from "../../auth/password.ts";
import { randomSecret } from "../../auth/secrets.ts";

/** Trimmed, lower-cased and checked; the only form in which emails are stored or looked up. */
export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .min(1, { error: "Enter your email address." })
  .max(254, { error: "That email address is too long." })
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

/**
 * Characters a name shown to other people must not carry: control characters (NUL included), which
 * break logs and mail headers, and bidirectional overrides, embeddings, isolates and marks, which can
 * make a name render as a different, misleading text. U+FFFD is what a lone surrogate or broken UTF-8
 * becomes on the way in, so it is refused as the invalid character it stands for.
 */
const UNSHOWABLE_IN_NAMES = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

export const displayNameSchema = z
  .string({ error: "Enter a display name." })
  .refine((name) => name.isWellFormed() && !name.includes("\uFFFD"), {
    error: "The display name contains an invalid character.",
  })
  .refine((name) => !UNSHOWABLE_IN_NAMES.test(name), {
    error: "Display names cannot contain control characters or text-direction marks.",
  })
  .transform((name) => name.normalize("NFC").trim())
  .refine((name) => name.length >= 1, { error: "Enter a display name." })
  .refine((name) => [...name].length <= 60, { error: "Use at most 60 characters." });

export const signUpSchema = z.object({
  email: emailSchema,
  displayName: displayNameSchema,
  password: newPasswordSchema,
});

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, { error: "Enter your password." }),
  next: z.string().optional(),
});

const MIXERA_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** `MXR-` and 8 characters from an alphabet without look-alikes (no 0/O, 1/I). */
export function generateMixeraId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `MXR-${[...bytes].map((byte) => MIXERA_ID_ALPHABET[byte & 31]).join("")}`;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  return user;
}

export type SignUpResult = { ok: true; user: User } | { ok: false; reason: "email_taken"; owner: User };

/** The first verification code of a new account, stored together with the account. */
export type FirstCode = Pick<EmailVerificationCode, "id" | "codeHash" | "createdAt" | "expiresAt">;

/**
 * Creates an unverified user account with its first verification code. A taken address costs the same
 * password hash and the same database round trips as a new one (the batch then changes nothing), so
 * the time a sign-up takes does not tell whether the address has an account.
 */
export async function createAccount(
  db: Db,
  input: z.output<typeof signUpSchema>,
  options: { now: Date; firstCode: FirstCode },
): Promise<SignUpResult> {
  const existing = await findUserByEmail(db, input.email);
  const passwordHash = await hashPassword(input.password);
  const { firstCode } = options;
  for (let attempt = 0; attempt < 5; attempt++) {
    const user: User = {
      id: randomSecret(15),
      mixeraId: generateMixeraId(),
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      emailVerifiedAt: null,
      role: "user",
      disabledAt: null,
      profilePictureKey: null,
      profilePictureType: null,
      createdAt: options.now,
    };
    const [inserted] = await db.batch([
      db.insert(users).values(user).onConflictDoNothing().returning({ id: users.id }),
      // Copies the row just inserted, so for a taken address (no row inserted) no code is stored.
      db.insert(emailVerificationCodes).select(
        db.select({
          id: sql<string>`${firstCode.id}`.as("id"),
          userId: users.id,
          email: users.email,
          codeHash: sql<string>`${firstCode.codeHash}`.as("code_hash"),
          createdAt: sql<number>`${firstCode.createdAt.getTime()}`.as("created_at"),
          expiresAt: sql<number>`${firstCode.expiresAt.getTime()}`.as("expires_at"),
        }).from(users).where(eq(users.id, user.id)),
      ),
    ]);
    if (inserted.length > 0) return { ok: true, user };
    const owner = existing ?? await findUserByEmail(db, input.email);
    if (owner) return { ok: false, reason: "email_taken", owner };
    // Neither the address nor the random id was taken, so the Mixera ID was: draw another.
  }
  throw new Error("Could not find a free Mixera ID after 5 attempts");
}

/** A hash of a random password, verified against when no account matches so timing does not tell. */
let decoyHash: Promise<string> | undefined;

export type CredentialsResult =
  | { ok: true; user: User }
  | { ok: false; reason: "invalid" | "disabled" };

export async function checkCredentials(db: Db, email: string, password: string): Promise<CredentialsResult> {
  const user = await findUserByEmail(db, email);
  if (!user) {
    decoyHash ??= hashPassword(randomSecret()).catch((error) => {
      decoyHash = undefined;
      throw error;
    });
    await verifyPassword(await decoyHash, password);
    return { ok: false, reason: "invalid" };
  }
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "invalid" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  return { ok: true, user };
}

/**
 * Makes `user` an admin when ADMIN_EMAILS names their address and the address is verified; returns the
 * user as it now is. Anyone can sign up with a listed address, so only a proven mailbox earns the role.
 */
export async function applyAdminEmails(db: Db, user: User, adminEmails: readonly string[]): Promise<User> {
  if (user.role === "admin" || !user.emailVerifiedAt || !adminEmails.includes(user.email)) return user;
  await db.update(users).set({ role: "admin" }).where(eq(users.id, user.id));
  return { ...user, role: "admin" };
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
}
