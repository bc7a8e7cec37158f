/**
 * @module
 * The anti-rollback record (`trust.json` in the install root): the highest firmware version and the
 * highest manifest sequence this controller ever committed to. Both only grow. A manifest must exceed
 * both, so neither an old release (rollback) nor an old answer played back (replay) is installed again,
 * even after a failed trial put an older version back in charge.
 */
import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { compareSemver, SemverSchema } from "../../shared/ota/mod.ts";
import { writeFileDurably } from "./durable_fs.ts";
import type { SlotLayout } from "./slots.ts";

const MAX_RECORD_BYTES = 4096;

export const TrustRecordSchema = z.strictObject({
  highestVersion: SemverSchema,
  lastSequence: z.number().int().nonnegative(),
});
export type TrustRecord = z.infer<typeof TrustRecordSchema>;

/**
 * The record, or `floor` when none was written yet (a factory install: the running version, sequence 0).
 * A damaged record is an error rather than a reset, because a reset would reopen rollbacks.
 */
export function readTrust(layout: SlotLayout, floor: TrustRecord): TrustRecord {
  if (!existsSync(layout.trustFile)) return floor;
  const text = readFileSync(layout.trustFile, "utf8");
  if (text.length > MAX_RECORD_BYTES) {
    throw new Error(`${layout.trustFile} is larger than ${MAX_RECORD_BYTES} bytes`);
  }
  const parsed = TrustRecordSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${layout.trustFile} is damaged: ${parsed.error.issues[0].message}`);
  return higherOf(parsed.data, floor);
}

function higherOf(a: TrustRecord, b: TrustRecord): TrustRecord {
  return {
    highestVersion: compareSemver(a.highestVersion, b.highestVersion) >= 0
      ? a.highestVersion
      : b.highestVersion,
    lastSequence: Math.max(a.lastSequence, b.lastSequence),
  };
}

/** Raises the record to at least `seen` (idempotent: installer and supervisor may both call it). */
export function raiseTrust(layout: SlotLayout, seen: TrustRecord): TrustRecord {
  const current = readTrust(layout, seen);
  const raised = higherOf(current, seen);
  if (!existsSync(layout.trustFile) || JSON.stringify(raised) !== JSON.stringify(current)) {
    writeFileDurably(layout.trustFile, JSON.stringify(raised));
  }
  return raised;
}
