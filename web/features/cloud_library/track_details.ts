/**
 * @module
 * Everything the track page and the exports need about a user's tracks: tags, file facts, analysis
 * results and cue points / loops, read in one query; tag and mark edits. Another user's track ids are
 * as unknown as made-up ones.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { trackAnalysis } from "../../db/schema/analysis.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { cloudTrackMarks } from "../../db/schema/cloud_library.ts";
import { sortedMarks, type TrackMarks, TrackMarksSchema } from "../../../shared/cloud/track_marks.ts";

export interface TrackDetails {
  id: string;
  title: string;
  artist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  format: string;
  storageKey: string;
  storageType: string;
  originalFilename: string;
  sizeBytes: number;
  createdAt: Date;
  durationSeconds: number | null;
  sampleRate: number | null;
  bpm: number | null;
  firstBeatSeconds: number | null;
  keyName: string | null;
  keyCamelot: string | null;
  energy: number | null;
  loudnessLufs: number | null;
  marks: TrackMarks;
}

const EMPTY_MARKS: TrackMarks = { cuePoints: [], loops: [] };

/** Stored marks, read back through the schema (a row that no longer parses shows as none). */
export function marksFrom(cuePoints: string | null, loops: string | null): TrackMarks {
  if (cuePoints === null || loops === null) return EMPTY_MARKS;
  const parsed = TrackMarksSchema.safeParse({ cuePoints: JSON.parse(cuePoints), loops: JSON.parse(loops) });
  return parsed.success ? parsed.data : EMPTY_MARKS;
}

function selectDetails(db: Db) {
  return db.select({
    id: cloudTracks.id,
    title: cloudTracks.title,
    artist: cloudTracks.artist,
    album: cloudTracks.album,
    genre: cloudTracks.genre,
    year: cloudTracks.year,
    format: cloudTracks.format,
    storageKey: cloudTracks.storageKey,
    storageType: cloudTracks.storageType,
    originalFilename: cloudTracks.originalFilename,
    sizeBytes: cloudTracks.sizeBytes,
    createdAt: cloudTracks.createdAt,
    durationSeconds: trackAnalysis.durationSeconds,
    sampleRate: trackAnalysis.sampleRate,
    bpm: trackAnalysis.bpm,
    firstBeatSeconds: trackAnalysis.firstBeatSeconds,
    keyName: trackAnalysis.keyName,
    keyCamelot: trackAnalysis.keyCamelot,
    energy: trackAnalysis.energy,
    loudnessLufs: trackAnalysis.loudnessLufs,
    cuePoints: cloudTrackMarks.cuePoints,
    loops: cloudTrackMarks.loops,
  }).from(cloudTracks)
    .leftJoin(trackAnalysis, eq(trackAnalysis.trackId, cloudTracks.id))
    .leftJoin(cloudTrackMarks, eq(cloudTrackMarks.trackId, cloudTracks.id));
}

type DetailRow = Awaited<ReturnType<ReturnType<typeof selectDetails>["where"]>>[number];

function toDetails({ cuePoints, loops, ...row }: DetailRow): TrackDetails {
  return { ...row, marks: marksFrom(cuePoints, loops) };
}

export async function trackDetails(
  db: Db,
  userId: string,
  trackId: string,
): Promise<TrackDetails | undefined> {
  const [row] = await selectDetails(db)
    .where(and(eq(cloudTracks.id, trackId), eq(cloudTracks.userId, userId)));
  return row ? toDetails(row) : undefined;
}

/** The user's tracks among `trackIds`, in the order given (unknown ids left out). */
export async function tracksDetails(db: Db, userId: string, trackIds: string[]): Promise<TrackDetails[]> {
  const byId = new Map<string, TrackDetails>();
  for (let at = 0; at < trackIds.length; at += 500) {
    const rows = await selectDetails(db).where(
      and(eq(cloudTracks.userId, userId), inArray(cloudTracks.id, trackIds.slice(at, at + 500))),
    );
    for (const row of rows) byId.set(row.id, toDetails(row));
  }
  return trackIds.flatMap((id) => byId.get(id) ?? []);
}

/** Every track of the user, oldest first (for the whole-library export and the playlist planner). */
export async function allTrackDetails(db: Db, userId: string): Promise<TrackDetails[]> {
  const rows = await selectDetails(db).where(eq(cloudTracks.userId, userId))
    .orderBy(asc(cloudTracks.createdAt), asc(cloudTracks.id));
  return rows.map(toDetails);
}

const optionalTag = (max: number) =>
  z.string().trim().max(max).transform((value) => (value === "" ? null : value));

/** The editable tags, as the track page's form sends them. */
export const TrackTagsSchema = z.object({
  title: z.string().trim().min(1, "a track needs a title").max(300),
  artist: optionalTag(300),
  album: optionalTag(300),
  genre: optionalTag(100),
  year: z.string().trim().regex(/^(\d{4})?$/, "a year has four digits")
    .transform((value) => (value === "" ? null : Number(value)))
    .refine((value) => value === null || (value >= 1000 && value <= 2100), "a year between 1000 and 2100"),
});
export type TrackTags = z.infer<typeof TrackTagsSchema>;

export async function updateTrackTags(
  db: Db,
  userId: string,
  trackId: string,
  tags: TrackTags,
): Promise<boolean> {
  const updated = await db.update(cloudTracks).set(tags)
    .where(and(eq(cloudTracks.id, trackId), eq(cloudTracks.userId, userId)))
    .returning({ id: cloudTracks.id });
  return updated.length === 1;
}

/** Replaces the track's cue points and loops (already checked by `TrackMarksSchema`). */
export async function saveTrackMarks(
  db: Db,
  userId: string,
  trackId: string,
  marks: TrackMarks,
): Promise<boolean> {
  const [owned] = await db.select({ id: cloudTracks.id }).from(cloudTracks)
    .where(and(eq(cloudTracks.id, trackId), eq(cloudTracks.userId, userId)));
  if (!owned) return false;
  const sorted = sortedMarks(marks);
  const values = {
    cuePoints: JSON.stringify(sorted.cuePoints),
    loops: JSON.stringify(sorted.loops),
    updatedAt: new Date(),
  };
  await db.insert(cloudTrackMarks).values({ trackId, ...values })
    .onConflictDoUpdate({ target: cloudTrackMarks.trackId, set: values });
  return true;
}
