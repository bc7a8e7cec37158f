/**
 * @module
 * Resumable uploads into the library (the service behind the tus routes). Creating an upload reserves
 * its declared length against the quota in one conditional INSERT, so concurrent uploads cannot
 * overshoot it; each PATCH streams its body into a partial object in storage and records the new
 * offset; the last byte turns the partial object into a stored file, which must pass the content
 * checks before it becomes a track. A refused file leaves nothing behind.
 */
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import { type CloudTrack, cloudTracks, type CloudUpload, cloudUploads } from "../../db/schema/cloud.ts";
import { SNIFF_BYTES, sniffFormat } from "../../../shared/audio/sniff.ts";
import { inspectStoredAudio } from "./inspection/inspect_upload.ts";
import { UploadRejection } from "./inspection/rejection.ts";
import { cloudQuotaFor } from "./quota.ts";
import { enqueueTrackAnalysis } from "../analysis/mod.ts";

export type UploadDeps = Pick<AppDeps, "db" | "storage" | "clock">;

/** The largest file the library takes. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** An upload nobody has touched for this long is abandoned and cleaned up. */
export const UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_FILENAME_LENGTH = 255;

const CONTENT_TYPES: Record<CloudTrack["format"], string> = {
  mp3: "audio/mpeg",
  wav: "audio/wav",
  flac: "audio/flac",
  aiff: "audio/aiff",
};

export type CreateUploadResult =
  | { ok: true; upload: CloudUpload }
  | { ok: false; status: 400 | 413; message: string };

/** A file name safe to show and store: no path, no control characters, bounded length. */
export function cleanFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // deno-lint-ignore no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, MAX_FILENAME_LENGTH);
  return clean || "untitled";
}

function titleFromFilename(filename: string): string {
  return filename.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[_]+/g, " ").trim() || filename;
}

export function partialKeyOf(userId: string, uploadId: string): string {
  return `cloud-partial/${userId}/${uploadId}`;
}

export function trackKeyOf(userId: string, trackId: string): string {
  return `cloud/${userId}/${trackId}`;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(2)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * Starts an upload of `lengthBytes`, reserving them against the user's quota.
 *
 * @example
 * const result = await createUpload(deps, user.id, { lengthBytes: 8_000_000, filename: "Track.mp3" });
 */
export async function createUpload(
  { db, storage, clock }: UploadDeps,
  userId: string,
  { lengthBytes, filename }: { lengthBytes: number; filename: string },
): Promise<CreateUploadResult> {
  if (lengthBytes === 0) return { ok: false, status: 400, message: "The file is empty." };
  if (lengthBytes > MAX_UPLOAD_BYTES) {
    return { ok: false, status: 413, message: `The file is larger than ${formatBytes(MAX_UPLOAD_BYTES)}.` };
  }
  const quota = await cloudQuotaFor(db, userId);
  const id = crypto.randomUUID();
  const now = clock.now().getTime();
  const partialKey = partialKeyOf(userId, id);
  const cleanName = cleanFilename(filename);
  // One statement: SQLite runs it under the write lock, so the sum it checks cannot change under it.
  const inserted = await db.run(sql`
    INSERT INTO ${cloudUploads} (id, user_id, partial_key, length_bytes, original_filename, created_at, expires_at)
    SELECT ${id}, ${userId}, ${partialKey}, ${lengthBytes}, ${cleanName}, ${now}, ${now + UPLOAD_LIFETIME_MS}
    WHERE (SELECT COALESCE(SUM(size_bytes), 0) FROM ${cloudTracks} WHERE user_id = ${userId})
      + (SELECT COALESCE(SUM(length_bytes), 0) FROM ${cloudUploads} WHERE user_id = ${userId})
      + ${lengthBytes} <= ${quota}`);
  if (inserted.rowsAffected === 0) {
    return {
      ok: false,
      status: 413,
      message: `Not enough storage left for this file (${formatBytes(lengthBytes)}).`,
    };
  }
  let storageState;
  try {
    storageState = await storage.beginPartial(partialKey, trackKeyOf(userId, id));
  } catch (error) {
    // Storage is unreachable: give the reservation back rather than hold it until the upload expires.
    await db.delete(cloudUploads).where(eq(cloudUploads.id, id));
    throw error;
  }
  const [upload] = await db.update(cloudUploads).set({ storageState }).where(eq(cloudUploads.id, id))
    .returning();
  return { ok: true, upload };
}

/** The user's upload that has not expired, or undefined: another user's id is simply unknown. */
export async function findUpload({ db, clock }: UploadDeps, userId: string, uploadId: string) {
  const [upload] = await db.select().from(cloudUploads).where(and(
    eq(cloudUploads.id, uploadId),
    eq(cloudUploads.userId, userId),
    gt(cloudUploads.expiresAt, clock.now()),
  ));
  return upload;
}

export type AppendResult =
  | { kind: "not found" }
  | { kind: "busy" }
  | { kind: "offset mismatch"; offset: number }
  | { kind: "progress"; upload: CloudUpload }
  | { kind: "too large" }
  | { kind: "rejected"; message: string }
  | { kind: "stored"; track: CloudTrack }
  | { kind: "duplicate"; track: CloudTrack };

/** Uploads a PATCH is writing to right now: tus allows one writer per upload. */
const busyUploads = new Set<string>();

/**
 * Appends a PATCH body at `offset`. `body.chunks` must end rather than throw (see streamBodyAtMost);
 * whatever arrived is kept, so the client resumes from the returned offset.
 */
export async function appendToUpload(
  deps: UploadDeps,
  userId: string,
  uploadId: string,
  offset: number,
  body: { chunks: AsyncIterable<Uint8Array>; tooLarge(): boolean },
): Promise<AppendResult> {
  const upload = await findUpload(deps, userId, uploadId);
  if (!upload) return { kind: "not found" };
  if (busyUploads.has(upload.id)) return { kind: "busy" };
  if (offset !== upload.offsetBytes) return { kind: "offset mismatch", offset: upload.offsetBytes };
  busyUploads.add(upload.id);
  try {
    const check = { notAudio: false };
    const chunks = offset === 0
      ? sniffedFirst(body.chunks, Math.min(SNIFF_BYTES, upload.lengthBytes), check)
      : body.chunks;
    const written = await deps.storage.appendPartial(upload.partialKey, upload.storageState, offset, chunks);
    if (check.notAudio) {
      await discardUpload(deps, upload, written.state);
      return {
        kind: "rejected",
        message: "This is not an audio file the library takes: MP3, WAV, FLAC or AIFF expected.",
      };
    }
    if (body.tooLarge()) {
      // A client that sends more than it announced is broken; what it sent cannot be trusted.
      await discardUpload(deps, upload, written.state);
      return { kind: "too large" };
    }
    const [updated] = await deps.db.update(cloudUploads).set({
      offsetBytes: written.offset,
      storageState: written.state,
      expiresAt: new Date(deps.clock.now().getTime() + UPLOAD_LIFETIME_MS),
      // Only from the offset this PATCH started at: a writer on another portal instance loses the race.
    }).where(and(eq(cloudUploads.id, upload.id), eq(cloudUploads.offsetBytes, offset))).returning();
    if (!updated) {
      return {
        kind: "offset mismatch",
        offset: (await findUpload(deps, userId, uploadId))?.offsetBytes ?? 0,
      };
    }
    if (updated.offsetBytes < updated.lengthBytes) return { kind: "progress", upload: updated };
    return await finishUpload(deps, updated);
  } finally {
    busyUploads.delete(upload.id);
  }
}

/** Holds back the first bytes until they show an audio format; yields nothing at all if they do not. */
async function* sniffedFirst(
  chunks: AsyncIterable<Uint8Array>,
  needed: number,
  check: { notAudio: boolean },
): AsyncGenerator<Uint8Array> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let checked = false;
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    held.push(chunk.slice()); // the body reader reuses its buffer
    heldBytes += chunk.byteLength;
    if (heldBytes < needed) continue;
    const head = new Uint8Array(heldBytes);
    let at = 0;
    for (const piece of held) head.set(piece, (at += piece.byteLength) - piece.byteLength);
    checked = true;
    if (!sniffFormat(head.subarray(0, SNIFF_BYTES))) {
      check.notAudio = true;
      return;
    }
    yield head;
  }
}

async function discardUpload({ db, storage }: UploadDeps, upload: CloudUpload, state = upload.storageState) {
  await storage.abortPartial(upload.partialKey, state);
  await db.delete(cloudUploads).where(eq(cloudUploads.id, upload.id));
}

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? error);
  return text.includes("UNIQUE constraint failed");
}

async function trackWithHash(deps: UploadDeps, userId: string, sha256: string) {
  const [track] = await deps.db.select().from(cloudTracks).where(
    and(eq(cloudTracks.userId, userId), eq(cloudTracks.sha256, sha256)),
  );
  return track;
}

async function finishUpload(deps: UploadDeps, upload: CloudUpload): Promise<AppendResult> {
  const { db, storage } = deps;
  const key = trackKeyOf(upload.userId, upload.id);
  await storage.completePartial(upload.partialKey, upload.storageState, key);
  let inspected;
  try {
    inspected = await inspectStoredAudio(storage, key, upload.lengthBytes);
  } catch (error) {
    await storage.delete(key);
    await db.delete(cloudUploads).where(eq(cloudUploads.id, upload.id));
    if (error instanceof UploadRejection) return { kind: "rejected", message: error.message };
    throw error;
  }
  const existing = await trackWithHash(deps, upload.userId, inspected.sha256);
  if (existing) return await linkDuplicate(deps, upload, key, existing);
  const [sameAudio] = await db.select({ id: cloudTracks.id }).from(cloudTracks).where(and(
    eq(cloudTracks.userId, upload.userId),
    eq(cloudTracks.audioFingerprint, inspected.audioFingerprint),
  )).limit(1);
  const values = {
    id: upload.id,
    userId: upload.userId,
    storageKey: key,
    storageType: CONTENT_TYPES[inspected.format],
    originalFilename: upload.originalFilename,
    format: inspected.format,
    sizeBytes: upload.lengthBytes,
    sha256: inspected.sha256,
    audioFingerprint: inspected.audioFingerprint,
    likelyDuplicateOf: sameAudio?.id ?? null,
    title: titleFromFilename(upload.originalFilename),
    createdAt: deps.clock.now(),
  };
  try {
    // The track takes over the upload's reservation in the same transaction: usage never dips or doubles.
    const [[track]] = await db.batch([
      db.insert(cloudTracks).values(values).returning(),
      db.delete(cloudUploads).where(eq(cloudUploads.id, upload.id)),
    ]);
    await enqueueTrackAnalysis(db, {
      trackId: track.id,
      userId: track.userId,
      storageKey: track.storageKey,
      now: deps.clock.now(),
    });
    return { kind: "stored", track };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await trackWithHash(deps, upload.userId, inspected.sha256);
    if (!winner) throw error;
    return await linkDuplicate(deps, upload, key, winner);
  }
}

/** An exact copy of a stored track: the new bytes go, the upload answers with the existing track. */
async function linkDuplicate(
  deps: UploadDeps,
  upload: CloudUpload,
  key: string,
  existing: CloudTrack,
): Promise<AppendResult> {
  await deps.storage.delete(key);
  await deps.db.delete(cloudUploads).where(eq(cloudUploads.id, upload.id));
  return { kind: "duplicate", track: existing };
}

/** Ends an upload on the client's request (tus termination): the partial object and the reservation go. */
export async function terminateUpload(deps: UploadDeps, userId: string, uploadId: string): Promise<boolean> {
  const upload = await findUpload(deps, userId, uploadId);
  if (!upload || busyUploads.has(upload.id)) return false;
  await discardUpload(deps, upload);
  return true;
}

/** Removes uploads whose client went away: their partial objects and their quota reservations. */
export async function removeExpiredUploads(deps: UploadDeps): Promise<number> {
  const expired = await deps.db.select().from(cloudUploads).where(
    lte(cloudUploads.expiresAt, deps.clock.now()),
  )
    .limit(500);
  let removed = 0;
  for (const upload of expired) {
    if (busyUploads.has(upload.id)) continue;
    await discardUpload(deps, upload);
    removed++;
  }
  return removed;
}

/** How often abandoned uploads are looked for. */
export const UPLOAD_CLEANUP_INTERVAL_MS = 15 * 60 * 1000;

/** Runs {@link removeExpiredUploads} now and every `everyMs` until the returned function is called. */
export function scheduleUploadCleanup(deps: UploadDeps, everyMs = UPLOAD_CLEANUP_INTERVAL_MS): () => void {
  const run = () =>
    removeExpiredUploads(deps).catch((error) =>
      console.error("Cleaning up expired cloud uploads failed:", error)
    );
  run();
  const timer = setInterval(run, everyMs);
  return () => clearInterval(timer);
}
