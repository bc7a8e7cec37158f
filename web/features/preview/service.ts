/**
 * @module
 * The Preview Program: applying, the admin's decision (mailed to the applicant) and the one question
 * every preview area asks, {@link hasPreviewAccess}. Admins have every preview feature without applying.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type PreviewApplication, previewApplications } from "../../db/schema/devices.ts";
import { type User, users } from "../../db/schema/users.ts";
import type { Mailer } from "../../mail/mailer.ts";

/** After "Not accepted", a new application is taken only once this much time has passed. */
export const REAPPLY_COOL_DOWN_MS = 30 * 24 * 60 * 60 * 1000;

/** The areas an accepted applicant unlocks, in the seed's words. */
export const PREVIEW_FEATURES = [
  "DJ Stats",
  "Device Management",
  "MIXEY AI",
  "Leaderboard",
  "MIXERA Connect",
] as const;

export async function findApplication(db: Db, userId: string): Promise<PreviewApplication | undefined> {
  const [row] = await db.select().from(previewApplications).where(eq(previewApplications.userId, userId));
  return row;
}

/** True for admins and for users whose application was accepted. */
export async function hasPreviewAccess(db: Db, user: Pick<User, "id" | "role">): Promise<boolean> {
  if (user.role === "admin") return true;
  const application = await findApplication(db, user.id);
  return application?.status === "accepted";
}

/** When a rejected applicant may apply again, or null when they may now (or were never rejected). */
export function reapplyAllowedAt(application: PreviewApplication | undefined, now: Date): Date | null {
  if (!application || application.status !== "rejected" || !application.decidedAt) return null;
  const allowedAt = new Date(application.decidedAt.getTime() + REAPPLY_COOL_DOWN_MS);
  return allowedAt.getTime() > now.getTime() ? allowedAt : null;
}

export interface ApplicationInput {
  motivation: string;
  gear: string;
  links: string[];
}

export type ApplyResult = { ok: true } | { ok: false; reason: "already_applied" | "cool_down"; until?: Date };

/** Files an application; refused while one is pending or accepted, or during the cool-down. */
export async function applyToPreview(
  db: Db,
  userId: string,
  input: ApplicationInput,
  now: Date,
): Promise<ApplyResult> {
  const existing = await findApplication(db, userId);
  if (existing && existing.status !== "rejected") return { ok: false, reason: "already_applied" };
  const until = reapplyAllowedAt(existing, now);
  if (until) return { ok: false, reason: "cool_down", until };
  const row = {
    userId,
    status: "pending" as const,
    motivation: input.motivation,
    gear: input.gear,
    links: input.links.join("\n"),
    decisionReason: null,
    decidedBy: null,
    decidedAt: null,
    createdAt: now,
  };
  if (existing) {
    // Only the rejected row seen above is replaced, so a concurrent decision is not overwritten.
    const replaced = await db.update(previewApplications).set(row)
      .where(and(eq(previewApplications.userId, userId), eq(previewApplications.status, "rejected")))
      .returning({ userId: previewApplications.userId });
    return replaced.length ? { ok: true } : { ok: false, reason: "already_applied" };
  }
  const inserted = await db.insert(previewApplications).values(row).onConflictDoNothing()
    .returning({ userId: previewApplications.userId });
  return inserted.length ? { ok: true } : { ok: false, reason: "already_applied" };
}

export interface PendingApplication {
  application: PreviewApplication;
  user: Pick<User, "id" | "email" | "displayName" | "mixeraId">;
}

/** The review queue, oldest first. */
export async function listPendingApplications(db: Db): Promise<PendingApplication[]> {
  const rows = await db
    .select({
      application: previewApplications,
      user: { id: users.id, email: users.email, displayName: users.displayName, mixeraId: users.mixeraId },
    })
    .from(previewApplications)
    .innerJoin(users, eq(users.id, previewApplications.userId))
    .where(eq(previewApplications.status, "pending"))
    .orderBy(asc(previewApplications.createdAt))
    .limit(200);
  return rows;
}

function decisionMail(accepted: boolean, reason: string): string {
  if (accepted) {
    return [
      "Welcome to the Preview Program! 🎉",
      "",
      `You have access to preview features like ${PREVIEW_FEATURES.slice(0, -1).join(", ")} and ${
        PREVIEW_FEATURES.at(-1)
      }. Check them out in the sidebar!`,
    ].join("\n");
  }
  return [
    "Application Not Accepted",
    "",
    "Your application was not accepted at this time.",
    ...(reason ? ["", `Reason: ${reason}`] : []),
    "",
    `You can apply again after ${REAPPLY_COOL_DOWN_MS / 86_400_000} days.`,
  ].join("\n");
}

/**
 * Accepts or rejects a pending application and mails the applicant. Returns false when the application
 * is not pending (decided already, withdrawn, or never filed).
 */
export async function decideApplication(
  deps: { db: Db; mailer: Mailer },
  { userId, adminId, accept, reason }: { userId: string; adminId: string; accept: boolean; reason: string },
  now: Date,
): Promise<boolean> {
  const decided = await deps.db.update(previewApplications).set({
    status: accept ? "accepted" : "rejected",
    decisionReason: accept ? null : reason,
    decidedBy: adminId,
    decidedAt: now,
  }).where(and(eq(previewApplications.userId, userId), eq(previewApplications.status, "pending")))
    .returning({ userId: previewApplications.userId });
  if (decided.length === 0) return false;
  const [user] = await deps.db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  if (user) {
    await deps.mailer.send({
      to: user.email,
      subject: accept ? "Welcome to the MIXERA Preview Program" : "Your MIXERA Preview Program application",
      text: decisionMail(accept, reason),
    });
  }
  return true;
}
