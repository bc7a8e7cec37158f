/**
 * @module
 * The boot counter of the slot in trial (`trial.json`), kept by the supervisor like a bootloader's
 * try counter: it is raised before each start of the trial binary, so a trial that keeps dying with
 * the whole machine (SIGKILL, power loss) is given up after a few attempts instead of looping.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { z } from "zod";
import { writeFileDurably } from "./durable_fs.ts";
import { SLOT_NAMES, type SlotLayout, type SlotName } from "./slots.ts";

const TrialRecordSchema = z.strictObject({
  slot: z.enum(SLOT_NAMES),
  version: z.string().min(1).max(64),
  boots: z.number().int().nonnegative(),
});
export type TrialRecord = z.infer<typeof TrialRecordSchema>;

/** The record for this slot and version; a fresh one (no boots) when the file is missing, stale or damaged. */
export function readTrial(layout: SlotLayout, slot: SlotName, version: string): TrialRecord {
  const fresh = { slot, version, boots: 0 };
  if (!existsSync(layout.trialFile)) return fresh;
  try {
    const parsed = TrialRecordSchema.safeParse(
      JSON.parse(readFileSync(layout.trialFile, "utf8").slice(0, 4096)),
    );
    return parsed.success && parsed.data.slot === slot && parsed.data.version === version
      ? parsed.data
      : fresh;
  } catch {
    return fresh;
  }
}

export function writeTrial(layout: SlotLayout, record: TrialRecord): void {
  writeFileDurably(layout.trialFile, JSON.stringify(record));
}

export function clearTrial(layout: SlotLayout): void {
  rmSync(layout.trialFile, { force: true });
}
