/**
 * @module
 * Cue points and loops of a library track, in the shape the device API sends them
 * (`cuePoints: [{ time }]`, `loops: [{ start, end }]`, seconds from the start of the audio). The portal
 * checks edits with these schemas and the device API can reuse them for its metadata answers.
 */
import { z } from "zod";

/** Longest track a mark may point into (24 h), and how many marks one track may carry. */
export const MAX_MARK_SECONDS = 86_400;
export const MAX_CUE_POINTS = 64;
export const MAX_LOOPS = 32;

const seconds = z.number().finite().min(0).max(MAX_MARK_SECONDS);
const name = z.string().trim().max(64).optional();

export const CuePointSchema = z.object({ time: seconds, name }).strict();

export const LoopSchema = z.object({ start: seconds, end: seconds, name }).strict()
  .refine((loop) => loop.end > loop.start, { message: "a loop must end after it starts" });

export const TrackMarksSchema = z.object({
  cuePoints: z.array(CuePointSchema).max(MAX_CUE_POINTS),
  loops: z.array(LoopSchema).max(MAX_LOOPS),
}).strict();

export type CuePoint = z.infer<typeof CuePointSchema>;
export type Loop = z.infer<typeof LoopSchema>;
export type TrackMarks = z.infer<typeof TrackMarksSchema>;

/** Marks in time order (cues by time, loops by start), as they are stored and shown. */
export function sortedMarks(marks: TrackMarks): TrackMarks {
  return {
    cuePoints: [...marks.cuePoints].sort((a, b) => a.time - b.time),
    loops: [...marks.loops].sort((a, b) => a.start - b.start || a.end - b.end),
  };
}
