/**
 * @module
 * Manifest sequence numbers: each signed manifest gets a number above every earlier one, so a
 * controller can refuse a replayed manifest. The next number is the larger of the last plus one and
 * the current time in milliseconds: it stays unique under concurrent requests (one atomic upsert)
 * and keeps growing even after the database is restored from an older backup.
 */
import type { Db } from "../../db/client.ts";

export async function nextManifestSequence(db: Db, now: Date): Promise<number> {
  const result = await db.$client.execute({
    sql: `INSERT INTO firmware_manifest_sequence (id, value) VALUES (1, ?)
          ON CONFLICT (id) DO UPDATE SET value = MAX(value + 1, excluded.value)
          RETURNING value`,
    args: [now.getTime()],
  });
  return Number(result.rows[0].value);
}
