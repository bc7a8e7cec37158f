/** @module Connect reports as the admins review them: newest first, with both DJs named. */
import { desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.ts";
import { connectReports } from "../../db/schema/connect.ts";
import { users } from "../../db/schema/users.ts";

export interface ReportRow {
  id: number;
  reason: string;
  note: string;
  createdAt: Date;
  reporter: { displayName: string; email: string; mixeraId: string };
  reported: { displayName: string; email: string; mixeraId: string };
}

export async function listReports(db: Db, limit = 200): Promise<ReportRow[]> {
  const reporter = alias(users, "reporter");
  const reported = alias(users, "reported");
  return await db.select({
    id: connectReports.id,
    reason: connectReports.reason,
    note: connectReports.note,
    createdAt: connectReports.createdAt,
    reporter: { displayName: reporter.displayName, email: reporter.email, mixeraId: reporter.mixeraId },
    reported: { displayName: reported.displayName, email: reported.email, mixeraId: reported.mixeraId },
  }).from(connectReports)
    .innerJoin(reporter, eq(reporter.id, connectReports.reporterId))
    .innerJoin(reported, eq(reported.id, connectReports.reportedId))
    .orderBy(desc(connectReports.id)).limit(limit);
}
