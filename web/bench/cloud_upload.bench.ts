/**
 * @module Upload throughput into the cloud library over loopback, and the portal's memory during it.
 *
 * The real portal (web/main.ts) runs pinned to core 0; this process is the tus client (4 MiB PATCH
 * pieces, like the page's uploader) and sends a 100 MB WAV. Measured, per storage backend:
 * - baseline: the same bytes written straight to the backend (fsStorage.put into the same directory;
 *   one signed PUT to the same s3rver), i.e. what storage alone costs;
 * - tus upload: create, PATCH pieces, then the completion checks (content check and the hashing pass
 *   that re-reads the stored file), until the track exists;
 * - RSS of the portal process (from /proc) before the upload and at its peak, sampled every 20 ms.
 * Target (issue 10): RSS grows < 64 MB during a 100 MB upload.
 *
 * Usage: npm run bench -- cloud_upload   (env: BENCH_UPLOAD_MB=100, BENCH_PIECE_MB=4)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { fmt, table } from "../../shared/bench/table.ts";
import { encodeWav } from "../../shared/audio/testing/fixtures.ts";
import { createSession, SESSION_COOKIE } from "../auth/session.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { users } from "../db/schema/users.ts";
import { createAccount } from "../features/auth/accounts.ts";
import { newVerificationCode } from "../features/auth/verification.ts";
import { tusUpload } from "../features/cloud/testing/tus_client.ts";
import { fsStorage } from "../storage/fs_storage.ts";
import { s3Storage } from "../storage/s3_storage.ts";
import { startS3Server } from "../testing/s3_server.ts";
import { startBenchPortal } from "./wrk.ts";

const UPLOAD_MB = Number(Deno.env.get("BENCH_UPLOAD_MB") ?? 100);
const PIECE_BYTES = Number(Deno.env.get("BENCH_PIECE_MB") ?? 4) * 1024 * 1024;

/** A valid WAV just under `megabytes` MB (the limit counts the whole file). */
function bigWav(megabytes: number): Uint8Array {
  const frames = Math.floor((megabytes * 1024 * 1024 - 200) / 4);
  const left = new Int16Array(frames);
  const right = new Int16Array(frames);
  for (let i = 0; i < frames; i++) {
    left[i] = (Math.sin(i / 20) * 12000) | 0;
    right[i] = (Math.cos(i / 33) * 12000) | 0;
  }
  return encodeWav({ sampleRate: 44100, channels: [left, right], bits: 16 });
}

async function seedUser(databaseUrl: string): Promise<string> {
  const db = await openDb(databaseUrl);
  await migrateDb(db);
  const now = new Date();
  const account = await createAccount(db, {
    email: "bench@example.com",
    displayName: "DJ Bench",
    password: "bench correct horse",
  }, { now, firstCode: newVerificationCode(now).row });
  if (!account.ok) throw new Error("could not seed the bench user");
  await db.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, account.user.id));
  const { token } = await createSession(db, account.user.id, { userAgent: "bench", ip: "127.0.0.1" }, now);
  db.$client.close();
  return token;
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
}

async function measureUpload(label: string, bytes: Uint8Array, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "mixera-upload-bench-"));
  try {
    const databaseUrl = `file:${join(dir, "bench.db")}`;
    const token = await seedUser(databaseUrl);
    // Analysis runs elsewhere (ANALYSIS_WORKER=external): this measures the upload, not the analysis.
    const portal = await startBenchPortal(databaseUrl, dir, "/signin", {
      ANALYSIS_WORKER: "external",
      ...env,
    });
    try {
      const headers = { cookie: `${SESSION_COOKIE}=${token}`, origin: portal.base };
      const fetcher = (path: string, init: RequestInit) =>
        fetch(`${portal.base}${path}`, {
          ...init,
          headers: { ...init.headers as Record<string, string>, ...headers },
        });
      // Warm the route and the decoders with a small upload first.
      await (await tusUpload(fetcher, bigWav(1), "warm.wav", PIECE_BYTES)).body?.cancel();
      const before = rssBytes(portal.pid);
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssBytes(portal.pid));
      }, 20);
      const started = performance.now();
      const response = await tusUpload(fetcher, bytes, "big.wav", PIECE_BYTES);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      peak = Math.max(peak, rssBytes(portal.pid));
      if (response.status !== 204 || !response.headers.get("mixera-track-id")) {
        throw new Error(`${label}: upload answered ${response.status} ${await response.text()}`);
      }
      return { seconds, before, peak };
    } finally {
      await portal.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeBaseline(write: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await write();
  return (performance.now() - started) / 1000;
}

const bytes = bigWav(UPLOAD_MB);
const mb = bytes.length / 1024 / 1024;
const rows: (string | number)[][] = [];
const MIB = 1024 * 1024;

{
  const dir = mkdtempSync(join(tmpdir(), "mixera-fs-baseline-"));
  const baseline = await timeBaseline(() => fsStorage(dir).put("baseline/file", bytes));
  rmSync(dir, { recursive: true, force: true });
  const upload = await measureUpload("fs", bytes, {});
  rows.push([
    "fs (DATA_DIR)",
    fmt(mb / baseline, 0),
    fmt(mb / upload.seconds, 1),
    fmt(baseline / upload.seconds, 2),
    fmt(upload.before / MIB, 0),
    fmt(upload.peak / MIB, 0),
    fmt((upload.peak - upload.before) / MIB, 1),
  ]);
}

{
  const s3 = await startS3Server();
  try {
    const baseline = await timeBaseline(() => s3Storage(s3.settings).put("baseline/file", bytes));
    const upload = await measureUpload("s3", bytes, {
      S3_ENDPOINT: s3.settings.endpoint,
      S3_BUCKET: s3.settings.bucket,
      S3_ACCESS_KEY_ID: s3.settings.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.settings.secretAccessKey,
    });
    rows.push([
      "S3 (s3rver, loopback)",
      fmt(mb / baseline, 0),
      fmt(mb / upload.seconds, 1),
      fmt(baseline / upload.seconds, 2),
      fmt(upload.before / MIB, 0),
      fmt(upload.peak / MIB, 0),
      fmt((upload.peak - upload.before) / MIB, 1),
    ]);
  } finally {
    await s3.stop();
  }
}

console.log(`Upload of a ${fmt(mb, 1)} MB WAV in ${PIECE_BYTES / MIB} MiB tus pieces; portal on core 0.\n`);
console.log(table(
  [
    "storage",
    "baseline write MB/s",
    "tus upload MB/s",
    "ratio to baseline",
    "portal RSS before MB",
    "peak MB",
    "growth MB",
  ],
  rows,
));
