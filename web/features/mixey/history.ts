/**
 * @module
 * A user's conversation with MIXEY: each question and answer is kept (the newest
 * {@link MAX_HISTORY_ROWS} rows), shown on the page, included in the data export and deletable.
 */
import { and, desc, eq, lte, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type MixeyMessage, mixeyMessages } from "../../db/schema/mixey.ts";
import type { Answer, Fact } from "./facts.ts";

/** Rows kept per user (a question and its answer are two). */
export const MAX_HISTORY_ROWS = 200;

const FactsSchema = z.array(z.object({ label: z.string(), value: z.string(), href: z.string() }));

export interface HistoryEntry {
  id: number;
  role: MixeyMessage["role"];
  text: string;
  topic: string;
  facts: Fact[];
  engine: string;
  createdAt: Date;
}

function toEntry(row: MixeyMessage): HistoryEntry {
  const facts = FactsSchema.safeParse(JSON.parse(row.facts));
  return { ...row, facts: facts.success ? facts.data : [] };
}

/** Stores the question and MIXEY's answer, and forgets rows beyond the newest MAX_HISTORY_ROWS. */
export async function saveTurn(
  db: Db,
  userId: string,
  question: string,
  answer: Answer,
  now: Date,
): Promise<HistoryEntry[]> {
  const [asked, answered] = await db.batch([
    db.insert(mixeyMessages).values({
      userId,
      role: "user",
      text: question,
      topic: answer.topic,
      createdAt: now,
    })
      .returning(),
    db.insert(mixeyMessages).values({
      userId,
      role: "mixey",
      text: answer.text,
      topic: answer.topic,
      facts: JSON.stringify(answer.facts),
      engine: answer.engine,
      createdAt: now,
    }).returning(),
    db.delete(mixeyMessages).where(and(
      eq(mixeyMessages.userId, userId),
      lte(
        mixeyMessages.id,
        sql`(SELECT id FROM ${mixeyMessages} WHERE ${mixeyMessages.userId} = ${userId} ORDER BY id DESC LIMIT 1 OFFSET ${MAX_HISTORY_ROWS})`,
      ),
    )),
  ]);
  return [toEntry(asked[0]), toEntry(answered[0])];
}

/** The newest `limit` rows, oldest first. */
export async function listHistory(db: Db, userId: string, limit = 60): Promise<HistoryEntry[]> {
  const rows = await db.select().from(mixeyMessages).where(eq(mixeyMessages.userId, userId))
    .orderBy(desc(mixeyMessages.id)).limit(limit);
  return rows.reverse().map(toEntry);
}

export async function deleteHistory(db: Db, userId: string): Promise<number> {
  const deleted = await db.delete(mixeyMessages).where(eq(mixeyMessages.userId, userId)).returning({
    id: mixeyMessages.id,
  });
  return deleted.length;
}
