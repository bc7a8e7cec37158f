/**
 * @module
 * The durable analysis queue on libSQL. One job per track. Leasing is a single UPDATE … RETURNING on the
 * oldest available job (Pro users' first), so two workers can never hold the same job; a lease carries
 * an owner and an expiry, every progress report extends it, and a job whose lease ran out is leased
 * again (its worker crashed or hung) until `maxAttempts` leases have been spent, then it fails with the
 * reason. Results are written only by the lease's current owner.
 */
import { and, count, eq, inArray, lt, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type AnalysisJob, analysisJobs, trackAnalysis } from "../../db/schema/analysis.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import type { TrackAnalysis } from "../../../shared/analysis/mod.ts";
import { skipsQueue } from "./priority.ts";

export const DEFAULT_MAX_ATTEMPTS = 3;
/** How long a failed attempt waits before the job can be leased again. */
export const RETRY_DELAY_MS = 5_000;
const MAX_REASON = 500;

export interface EnqueueRequest {
  trackId: string;
  userId: string;
  storageKey: string;
  maxAttempts?: number;
  now?: Date;
}

/**
 * Queues (or re-queues) the analysis of a track. Re-queuing a finished or failed track starts it over;
 * a track already queued or running is left as it is.
 */
export async function enqueueTrackAnalysis(db: Db, request: EnqueueRequest): Promise<void> {
  const now = request.now ?? new Date();
  const priority = (await skipsQueue(db, request.userId)) ? 1 : 0;
  const fresh = {
    userId: request.userId,
    sourceObject: request.storageKey,
    priority,
    state: "queued" as const,
    attempts: 0,
    maxAttempts: request.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    availableAt: now,
    leaseOwner: null,
    leaseExpiresAt: null,
    progress: 0,
    lastError: null,
    enqueuedAt: now,
    finishedAt: null,
  };
  await db.insert(analysisJobs).values({ trackId: request.trackId, ...fresh }).onConflictDoUpdate({
    target: analysisJobs.trackId,
    set: fresh,
    setWhere: inArray(analysisJobs.state, ["done", "failed"]),
  });
}

/** Fails the jobs whose last allowed lease ran out, naming why. */
async function failAbandoned(db: Db, now: Date): Promise<void> {
  await db.update(analysisJobs).set({
    state: "failed",
    leaseOwner: null,
    leaseExpiresAt: null,
    finishedAt: now,
    lastError:
      sql`coalesce(${analysisJobs.lastError} || '; ', '') || 'the analysis did not finish in time ' || ${analysisJobs.attempts} || ' times'`,
  }).where(and(
    eq(analysisJobs.state, "running"),
    lt(analysisJobs.leaseExpiresAt, now),
    sql`${analysisJobs.attempts} >= ${analysisJobs.maxAttempts}`,
  ));
}

/** Leases the next job to `owner` for `leaseMs`, or returns null when nothing is due. */
export async function leaseNextJob(
  db: Db,
  owner: string,
  leaseMs: number,
  now = new Date(),
): Promise<AnalysisJob | null> {
  await failAbandoned(db, now);
  const due = or(
    and(eq(analysisJobs.state, "queued"), sql`${analysisJobs.availableAt} <= ${now.getTime()}`),
    and(eq(analysisJobs.state, "running"), lt(analysisJobs.leaseExpiresAt, now)),
  );
  const next = db.select({ trackId: analysisJobs.trackId }).from(analysisJobs).where(due)
    .orderBy(sql`${analysisJobs.priority} desc`, analysisJobs.enqueuedAt, analysisJobs.trackId).limit(1);
  const [job] = await db.update(analysisJobs).set({
    state: "running",
    leaseOwner: owner,
    leaseExpiresAt: new Date(now.getTime() + leaseMs),
    attempts: sql`${analysisJobs.attempts} + 1`,
    progress: 0,
  }).where(and(eq(analysisJobs.trackId, sql`(${next})`), due)).returning();
  return job ?? null;
}

const heldBy = (trackId: string, owner: string) =>
  and(
    eq(analysisJobs.trackId, trackId),
    eq(analysisJobs.state, "running"),
    eq(analysisJobs.leaseOwner, owner),
  );

/** Records progress and extends the lease; false when the lease is no longer `owner`'s. */
export async function reportProgress(
  db: Db,
  trackId: string,
  owner: string,
  progress: number,
  leaseMs: number,
  now = new Date(),
): Promise<boolean> {
  const rows = await db.update(analysisJobs)
    .set({ progress: Math.max(0, Math.min(1, progress)), leaseExpiresAt: new Date(now.getTime() + leaseMs) })
    .where(heldBy(trackId, owner)).returning({ trackId: analysisJobs.trackId });
  return rows.length === 1;
}

function resultRow(trackId: string, analysis: TrackAnalysis, now: Date) {
  const { tags } = analysis;
  return {
    trackId,
    durationSeconds: analysis.durationSeconds,
    sampleRate: analysis.sampleRate,
    channels: analysis.channels,
    bpm: analysis.bpm,
    bpmConfidence: analysis.bpmConfidence,
    firstBeatSeconds: analysis.firstBeatSeconds,
    keyName: analysis.key?.name ?? null,
    keyCamelot: analysis.key?.camelot ?? null,
    keyConfidence: analysis.key?.confidence ?? null,
    loudnessLufs: analysis.loudnessLufs,
    energy: analysis.energy,
    waveform: JSON.stringify(analysis.waveform),
    fileTags: JSON.stringify({
      title: tags.title,
      artist: tags.artist,
      album: tags.album,
      genre: tags.genre,
      year: tags.year,
    }),
    artwork: tags.artwork ? Buffer.from(tags.artwork.data) : null,
    artworkType: tags.artwork?.type ?? null,
    analyzedAt: now,
  };
}

/**
 * Stores the result and marks the job done, in one transaction, if `owner` still holds the lease.
 * Tags the user has not set yet (artist, album, genre, year) are filled from the file's tags.
 */
export async function completeJob(
  db: Db,
  trackId: string,
  owner: string,
  analysis: TrackAnalysis,
  now = new Date(),
): Promise<boolean> {
  return await db.transaction(async (tx) => {
    const done = await tx.update(analysisJobs).set({
      state: "done",
      progress: 1,
      leaseOwner: null,
      leaseExpiresAt: null,
      lastError: null,
      finishedAt: now,
    }).where(heldBy(trackId, owner)).returning({ trackId: analysisJobs.trackId });
    if (done.length === 0) return false;
    const row = resultRow(trackId, analysis, now);
    const { trackId: _, ...update } = row;
    await tx.insert(trackAnalysis).values(row).onConflictDoUpdate({
      target: trackAnalysis.trackId,
      set: update,
    });
    const { tags } = analysis;
    await tx.update(cloudTracks).set({
      artist: sql`coalesce(${cloudTracks.artist}, ${tags.artist})`,
      album: sql`coalesce(${cloudTracks.album}, ${tags.album})`,
      genre: sql`coalesce(${cloudTracks.genre}, ${tags.genre})`,
      year: sql`coalesce(${cloudTracks.year}, ${tags.year})`,
    }).where(eq(cloudTracks.id, trackId));
    return true;
  });
}

/**
 * Records a failed attempt. A `permanent` failure (the file is not decodable audio) fails the job at
 * once; otherwise it goes back to the queue after `retryDelayMs` until its attempts are spent.
 */
export async function failAttempt(
  db: Db,
  trackId: string,
  owner: string,
  reason: string,
  permanent: boolean,
  now = new Date(),
  retryDelayMs = RETRY_DELAY_MS,
): Promise<void> {
  const message = reason.slice(0, MAX_REASON);
  const finalFailure = permanent ? sql`1` : sql`${analysisJobs.attempts} >= ${analysisJobs.maxAttempts}`;
  await db.update(analysisJobs).set({
    state: sql`case when ${finalFailure} then 'failed' else 'queued' end`,
    finishedAt: sql`case when ${finalFailure} then ${now.getTime()} else null end`,
    availableAt: new Date(now.getTime() + retryDelayMs),
    leaseOwner: null,
    leaseExpiresAt: null,
    lastError: message,
  }).where(heldBy(trackId, owner));
}

export type AnalysisStatus =
  | { state: "queued"; position: number }
  | { state: "running"; progress: number }
  | { state: "done" }
  | { state: "failed"; reason: string }
  | { state: "none" };

/**
 * Where a track stands: its 1-based place among the queued jobs (counting those that will be leased
 * before it, including running ones that will retry), its progress, or its failure reason.
 */
export async function analysisStatus(db: Db, trackId: string): Promise<AnalysisStatus> {
  const [job] = await db.select().from(analysisJobs).where(eq(analysisJobs.trackId, trackId)).limit(1);
  if (!job) return { state: "none" };
  if (job.state === "running") return { state: "running", progress: job.progress };
  if (job.state === "done") return { state: "done" };
  if (job.state === "failed") return { state: "failed", reason: job.lastError ?? "the analysis failed" };
  const [{ ahead }] = await db.select({ ahead: count() }).from(analysisJobs).where(and(
    eq(analysisJobs.state, "queued"),
    or(
      sql`${analysisJobs.priority} > ${job.priority}`,
      and(eq(analysisJobs.priority, job.priority), lt(analysisJobs.enqueuedAt, job.enqueuedAt)),
      and(
        eq(analysisJobs.priority, job.priority),
        eq(analysisJobs.enqueuedAt, job.enqueuedAt),
        lt(analysisJobs.trackId, trackId),
      ),
    ),
  ));
  return { state: "queued", position: ahead + 1 };
}

/** The stored analysis of a track, or null before it has finished. */
export async function analysisOf(db: Db, trackId: string) {
  const [row] = await db.select().from(trackAnalysis).where(eq(trackAnalysis.trackId, trackId)).limit(1);
  if (!row) return null;
  return {
    ...row,
    waveform: JSON.parse(row.waveform) as { pointsPerSecond: number; peaks: number[] },
    fileTags: JSON.parse(row.fileTags) as {
      title: string | null;
      artist: string | null;
      album: string | null;
      genre: string | null;
      year: number | null;
    },
    artwork: row.artwork ? new Uint8Array(row.artwork) : null,
  };
}
