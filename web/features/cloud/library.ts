/**
 * @module
 * The library's track table as a query: one page of a user's tracks with their analysis, filtered
 * (text, BPM range, Camelot key, keys compatible with a chosen track, genre), sorted and counted. The
 * Cloud page, the playlist builder and the exports read tracks through {@link listLibraryTracks}.
 */
import { and, asc, count, desc, eq, gte, inArray, lte, type SQL, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.ts";
import { containsPattern } from "../../db/like_pattern.ts";
import { analysisJobs, trackAnalysis } from "../../db/schema/analysis.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { camelotNeighbours } from "./camelot.ts";
import { devicesHolding } from "./device_downloads.ts";
import { analysisStatus } from "../analysis/mod.ts";

export const LIBRARY_SORTS = ["added", "title", "artist", "bpm", "key", "genre", "duration", "size"] as const;
export type LibrarySort = typeof LIBRARY_SORTS[number];

export interface LibraryQuery {
  text?: string;
  bpmMin?: number;
  bpmMax?: number;
  /** A Camelot code ("8A"). */
  key?: string;
  /** A track id of the same user: only tracks in keys that mix with it. */
  compatibleWith?: string;
  genre?: string;
  sort: LibrarySort;
  direction: "asc" | "desc";
  /** 1-based. */
  page: number;
  pageSize: number;
}

export const DEFAULT_LIBRARY_QUERY: LibraryQuery = {
  sort: "added",
  direction: "desc",
  page: 1,
  pageSize: 50,
};

/** Where a track's analysis stands, as the table shows it. */
export type TrackStatus =
  | { state: "queued"; position?: number }
  | { state: "analysing"; progress: number }
  | { state: "ready" }
  | { state: "failed"; reason: string };

export interface LibraryRow {
  id: string;
  title: string;
  artist: string | null;
  genre: string | null;
  format: string;
  sizeBytes: number;
  createdAt: Date;
  likelyDuplicateOf: string | null;
  bpm: number | null;
  keyName: string | null;
  keyCamelot: string | null;
  durationSeconds: number | null;
  energy: number | null;
  status: TrackStatus;
  /** How many of the user's devices fetched the track. */
  syncedDevices: number;
}

export interface LibraryPage {
  rows: LibraryRow[];
  total: number;
  page: number;
  pageCount: number;
  /** The keys the compatible-key filter allowed, when it was used. */
  compatibleKeys: string[] | null;
}

/** The sort expression, and whether it needs the analysis join and can be NULL. */
const SORTS: Record<LibrarySort, { column: SQL; analysis: boolean; nullable: boolean }> = {
  added: { column: sql`${cloudTracks.createdAt}`, analysis: false, nullable: false },
  title: { column: sql`${cloudTracks.title} COLLATE NOCASE`, analysis: false, nullable: false },
  artist: { column: sql`${cloudTracks.artist} COLLATE NOCASE`, analysis: false, nullable: true },
  bpm: { column: sql`${trackAnalysis.bpm}`, analysis: true, nullable: true },
  key: { column: sql`${trackAnalysis.keyCamelot}`, analysis: true, nullable: true },
  genre: { column: sql`${cloudTracks.genre} COLLATE NOCASE`, analysis: false, nullable: true },
  duration: { column: sql`${trackAnalysis.durationSeconds}`, analysis: true, nullable: true },
  size: { column: sql`${cloudTracks.sizeBytes}`, analysis: false, nullable: false },
};

/** The Camelot code of the user's track `trackId`, or undefined when it is not theirs or has none. */
async function camelotOf(db: Db, userId: string, trackId: string): Promise<string | null | undefined> {
  const [row] = await db.select({ key: trackAnalysis.keyCamelot }).from(cloudTracks)
    .leftJoin(trackAnalysis, eq(trackAnalysis.trackId, cloudTracks.id))
    .where(and(eq(cloudTracks.id, trackId), eq(cloudTracks.userId, userId)));
  return row ? row.key : undefined;
}

export class UnknownTrackError extends Error {
  override name = "UnknownTrackError";
}

/**
 * One page of the user's library. Throws {@link UnknownTrackError} when `compatibleWith` names a
 * track that is not the user's.
 *
 * @example
 * const page = await listLibraryTracks(db, user.id, { ...DEFAULT_LIBRARY_QUERY, bpmMin: 120, bpmMax: 126 });
 */
export async function listLibraryTracks(db: Db, userId: string, query: LibraryQuery): Promise<LibraryPage> {
  const conditions: SQL[] = [eq(cloudTracks.userId, userId)];
  const text = query.text?.trim();
  if (text) {
    const pattern = containsPattern(text);
    conditions.push(
      sql`(${cloudTracks.title} LIKE ${pattern} ESCAPE '\\' OR ${cloudTracks.artist} LIKE ${pattern} ESCAPE '\\'
      OR ${cloudTracks.album} LIKE ${pattern} ESCAPE '\\' OR ${cloudTracks.genre} LIKE ${pattern} ESCAPE '\\'
      OR ${cloudTracks.originalFilename} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (query.bpmMin !== undefined) conditions.push(gte(trackAnalysis.bpm, query.bpmMin));
  if (query.bpmMax !== undefined) conditions.push(lte(trackAnalysis.bpm, query.bpmMax));
  if (query.key) conditions.push(eq(trackAnalysis.keyCamelot, query.key.toUpperCase()));
  if (query.genre) conditions.push(sql`${cloudTracks.genre} = ${query.genre} COLLATE NOCASE`);
  let compatibleKeys: string[] | null = null;
  if (query.compatibleWith) {
    const key = await camelotOf(db, userId, query.compatibleWith);
    if (key === undefined) throw new UnknownTrackError(`no track ${query.compatibleWith} in this library`);
    compatibleKeys = key ? camelotNeighbours(key) : [];
    conditions.push(compatibleKeys.length ? inArray(trackAnalysis.keyCamelot, compatibleKeys) : sql`0`);
  }
  const where = and(...conditions);
  const sort = SORTS[query.sort];
  // The analysis join only when a filter or the order needs it: without it the user's index alone
  // answers the count and the page of ids. A filter on analysis values joins inner, so the planner may
  // start from the analysis indexes (key, BPM) instead of walking every track of the user.
  const filtersAnalysis = query.bpmMin !== undefined || query.bpmMax !== undefined || Boolean(query.key) ||
    compatibleKeys !== null;
  const onTrack = eq(trackAnalysis.trackId, cloudTracks.id);
  // Only columns of cloud_tracks are selected, so either join leaves the result type as it was.
  const joinAnalysis = <Q extends SQLiteSelect>(select: Q): Q =>
    (filtersAnalysis
      ? select.innerJoin(trackAnalysis, onTrack)
      : select.leftJoin(trackAnalysis, onTrack)) as unknown as Q;
  const needsAnalysis = sort.analysis || filtersAnalysis;
  const countQuery = db.select({ total: count() }).from(cloudTracks).$dynamic();
  const [{ total }] = await (needsAnalysis ? joinAnalysis(countQuery) : countQuery).where(where);
  const pageCount = Math.max(1, Math.ceil(total / query.pageSize));
  const page = Math.min(Math.max(1, query.page), pageCount);
  const order = query.direction === "asc" ? asc : desc;
  // Tracks without the sorted value (not analysed yet) come last either way.
  const ordering = [
    ...(sort.nullable ? [sql`${sort.column} IS NULL`] : []),
    order(sort.column),
    order(cloudTracks.id),
  ];
  // First the page's ids (narrow rows to sort and skip), then the details of those 50.
  const idQuery = db.select({ id: cloudTracks.id }).from(cloudTracks);
  const idRows =
    await (needsAnalysis
      ? idQuery.leftJoin(trackAnalysis, eq(trackAnalysis.trackId, cloudTracks.id))
      : idQuery)
      .where(where)
      .orderBy(...ordering)
      .limit(query.pageSize)
      .offset((page - 1) * query.pageSize);
  const ids = idRows.map((row) => row.id);
  const details = ids.length === 0 ? [] : await db.select({
    id: cloudTracks.id,
    title: cloudTracks.title,
    artist: cloudTracks.artist,
    genre: cloudTracks.genre,
    format: cloudTracks.format,
    sizeBytes: cloudTracks.sizeBytes,
    createdAt: cloudTracks.createdAt,
    likelyDuplicateOf: cloudTracks.likelyDuplicateOf,
    bpm: trackAnalysis.bpm,
    keyName: trackAnalysis.keyName,
    keyCamelot: trackAnalysis.keyCamelot,
    durationSeconds: trackAnalysis.durationSeconds,
    energy: trackAnalysis.energy,
    jobState: analysisJobs.state,
    jobProgress: analysisJobs.progress,
    jobError: analysisJobs.lastError,
  }).from(cloudTracks)
    .leftJoin(trackAnalysis, eq(trackAnalysis.trackId, cloudTracks.id))
    .leftJoin(analysisJobs, eq(analysisJobs.trackId, cloudTracks.id))
    .where(inArray(cloudTracks.id, ids));
  const byId = new Map(details.map((row) => [row.id, row]));
  const synced = await devicesHolding(db, ids);
  const rows = await Promise.all(
    ids.map((id) => byId.get(id)!).map(async ({ jobState, jobProgress, jobError, ...row }) => {
      const status = statusOf(
        jobState,
        jobProgress,
        jobError,
        row.bpm !== null || row.durationSeconds !== null,
      );
      // Place in the queue only for the queued tracks on this page (one indexed count each).
      if (status.state === "queued" && jobState === "queued") {
        const queued = await analysisStatus(db, row.id);
        if (queued.state === "queued") status.position = queued.position;
      }
      return { ...row, status, syncedDevices: synced.get(row.id) ?? 0 };
    }),
  );
  return {
    rows,
    total,
    page,
    pageCount,
    compatibleKeys,
  };
}

function statusOf(
  state: string | null,
  progress: number | null,
  error: string | null,
  analysed: boolean,
): TrackStatus {
  if (state === "running") return { state: "analysing", progress: progress ?? 0 };
  if (state === "failed") return { state: "failed", reason: error ?? "the analysis failed" };
  if (state === "done" || (state === null && analysed)) return { state: "ready" };
  return { state: "queued" };
}

/** The genres in the user's library, for the genre filter. */
export async function libraryGenres(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ genre: cloudTracks.genre }).from(cloudTracks)
    .where(
      and(
        eq(cloudTracks.userId, userId),
        sql`${cloudTracks.genre} IS NOT NULL AND ${cloudTracks.genre} != ''`,
      ),
    )
    .orderBy(sql`${cloudTracks.genre} COLLATE NOCASE`).limit(500);
  return rows.map((row) => row.genre!);
}
