/**
 * @module
 * The default transport: mail is stored in the `dev_outbox` table instead of being sent, and read
 * at /dev/mailbox in development (and by tests).
 */
import { desc, eq } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { devOutbox } from "../db/schema/dev_outbox.ts";
import type { Mailer } from "./mailer.ts";

export function devOutboxMailer(db: Db, clock: Clock): Mailer {
  return {
    async send(mail) {
      await db.insert(devOutbox).values({ ...mail, sentAt: clock.now() });
    },
  };
}

/** Stored mail, newest first; only mail to `to` when given. */
export function readOutbox(db: Db, to?: string, limit = 100) {
  const query = db.select().from(devOutbox);
  return (to ? query.where(eq(devOutbox.to, to)) : query).orderBy(desc(devOutbox.id)).limit(limit);
}
