/**
 * @module
 * The cloud tracks a device of `userId` may see: the owner's tracks that their sync settings send to
 * devices, with their analysis and marks, in the device API's shapes. Pages run oldest upload first
 * (id as tie-break), so a track uploaded while a device pages through lands on the last page and never
 * shifts the pages before it.
 */
import { and, asc, count, eq, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.ts";
import { containsPattern } from "../../db/like_pattern.ts";
import { trackAnalysis } from "../../db/schema/analysis.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { cloudTrackMarks } from "../../db/schema/cloud_library.ts";
import { marksFrom, syncedTracksFilter } from "../cloud_library/mod.ts";
import {
  CamelotSchema,
  MAX_TAG_LENGTH,
  type TrackListPage,
  type TrackMetadata,
  type TrackSearchQuery,
  type TrackSummary,
} from "../../../shared/cloud/device_cloud.ts";

export type TrackFilters = Omit<TrackSearchQuery, "limit" | "offset">;
export interface PageRequest {
  limit: number;
  offset: number;
}

/** A track as the download route needs it. */
export interface DownloadableTrack {
  id: string;
  storageKey: string;
  storageType: string;
  format: string;
  title: string;
  sizeBytes: number;
  sha256: string;
}

function filterConditions(filters: TrackFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.q) {
    const pattern = containsPattern(filters.q);
    conditions.push(
      sql`(${cloudTracks.title} LIKE ${pattern} ESCAPE '\\' OR ${cloudTracks.artist} LIKE ${pattern} ESCAPE '\\'
      OR ${cloudTracks.album} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (filters.genre) conditions.push(sql`${cloudTracks.genre} = ${filters.genre} COLLATE NOCASE`);
  if (filters.bpmMin !== undefined) conditions.push(gte(trackAnalysis.bpm, filters.bpmMin));
  if (filters.bpmMax !== undefined) conditions.push(lte(trackAnalysis.bpm, filters.bpmMax));
  if (filters.key) {
    conditions.push(
      CamelotSchema.safeParse(filters.key.toUpperCase()).success
        ? eq(trackAnalysis.keyCamelot, filters.key.toUpperCase())
        : sql`${trackAnalysis.keyName} = ${filters.key} COLLATE NOCASE`,
    );
  }
  return conditions;
}

function selectTracks(db: Db) {
  return db.select({
    id: cloudTracks.id,
    title: cloudTracks.title,
    artist: cloudTracks.artist,
    album: cloudTracks.album,
    genre: cloudTracks.genre,
    format: cloudTracks.format,
    sizeBytes: cloudTracks.sizeBytes,
    sha256: cloudTracks.sha256,
    createdAt: cloudTracks.createdAt,
    bpm: trackAnalysis.bpm,
    firstBeatSeconds: trackAnalysis.firstBeatSeconds,
    keyName: trackAnalysis.keyName,
    keyCamelot: trackAnalysis.keyCamelot,
    durationSeconds: trackAnalysis.durationSeconds,
    analyzedAt: trackAnalysis.analyzedAt,
    cuePoints: cloudTrackMarks.cuePoints,
    loops: cloudTrackMarks.loops,
    marksUpdatedAt: cloudTrackMarks.updatedAt,
  }).from(cloudTracks)
    .leftJoin(trackAnalysis, eq(trackAnalysis.trackId, cloudTracks.id))
    .leftJoin(cloudTrackMarks, eq(cloudTrackMarks.trackId, cloudTracks.id));
}

type TrackRow = Awaited<ReturnType<ReturnType<typeof selectTracks>["where"]>>[number];

/** A tag within the shared schema's bound, so one odd track can never make a whole page unreadable. */
function tag<T extends string | null>(value: T): T {
  return (value === null ? null : value.slice(0, MAX_TAG_LENGTH)) as T;
}

function toSummary(row: TrackRow): TrackSummary {
  const changes = [row.createdAt, row.analyzedAt, row.marksUpdatedAt].filter((at) => at !== null);
  return {
    id: row.id,
    title: tag(row.title),
    artist: tag(row.artist),
    album: tag(row.album),
    genre: tag(row.genre),
    bpm: row.bpm !== null && row.bpm > 0 ? row.bpm : null,
    key: row.keyName,
    camelot: row.keyCamelot,
    durationSec: row.durationSeconds,
    format: row.format,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    updatedAt: new Date(Math.max(...changes.map((at) => at.getTime()))).toISOString(),
  };
}

function toMetadata(row: TrackRow): TrackMetadata {
  const marks = marksFrom(row.cuePoints, row.loops);
  return {
    ...toSummary(row),
    beatgrid: row.bpm !== null && row.bpm > 0 && row.firstBeatSeconds !== null && row.firstBeatSeconds >= 0
      ? { bpm: row.bpm, firstBeatSec: row.firstBeatSeconds }
      : null,
    cuePoints: marks.cuePoints,
    loops: marks.loops,
  };
}

/** One page of the tracks the device may see that match `filters`, with the count of all matches. */
export async function syncedTrackPage(
  db: Db,
  userId: string,
  filters: TrackFilters,
  page: PageRequest,
): Promise<TrackListPage> {
  const where = and(await syncedTracksFilter(db, userId), ...filterConditions(filters));
  // The analysis join only when a filter needs it: without it the user's (user, created, id) index
  // alone answers the count and the page of ids.
  const filtersAnalysis = filters.bpmMin !== undefined || filters.bpmMax !== undefined ||
    Boolean(filters.key);
  const joined = <Q extends SQLiteSelect>(select: Q): Q =>
    (filtersAnalysis
      ? select.innerJoin(trackAnalysis, eq(trackAnalysis.trackId, cloudTracks.id))
      : select) as Q;
  const [{ total }] = await joined(db.select({ total: count() }).from(cloudTracks).$dynamic()).where(where);
  const idRows = await joined(db.select({ id: cloudTracks.id }).from(cloudTracks).$dynamic())
    .where(where)
    .orderBy(asc(cloudTracks.createdAt), asc(cloudTracks.id))
    .limit(page.limit)
    .offset(page.offset);
  const ids = idRows.map((row) => row.id);
  const rows = ids.length === 0 ? [] : await selectTracks(db).where(inArray(cloudTracks.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    items: ids.flatMap((id) => byId.has(id) ? [toSummary(byId.get(id)!)] : []),
    total,
    limit: page.limit,
    offset: page.offset,
  };
}

/** The metadata of one track the device may see, or undefined (unknown, another user's, not synced). */
export async function syncedTrackMetadata(
  db: Db,
  userId: string,
  trackId: string,
): Promise<TrackMetadata | undefined> {
  const [row] = await selectTracks(db)
    .where(and(await syncedTracksFilter(db, userId), eq(cloudTracks.id, trackId)));
  return row ? toMetadata(row) : undefined;
}

/** The stored file of one track the device may see, or undefined. */
export async function syncedTrackFile(
  db: Db,
  userId: string,
  trackId: string,
): Promise<DownloadableTrack | undefined> {
  const [row] = await db.select({
    id: cloudTracks.id,
    storageKey: cloudTracks.storageKey,
    storageType: cloudTracks.storageType,
    format: cloudTracks.format,
    title: cloudTracks.title,
    sizeBytes: cloudTracks.sizeBytes,
    sha256: cloudTracks.sha256,
  }).from(cloudTracks).where(and(await syncedTracksFilter(db, userId), eq(cloudTracks.id, trackId)));
  return row;
}
