/**
 * @module Publishing a firmware release over loopback: a 100 MB controller build streamed into storage.
 *
 * The real portal (web/main.ts) runs pinned to core 0 in production mode with a configured signing key;
 * this process is the admin's browser and posts the publish form (multipart, the build last). Measured:
 * - baseline: the same bytes written straight to storage (fsStorage.put into the same kind of directory);
 * - publish: the form post until the portal answers 303 (parse, stream to storage, SHA-256, size, row);
 * - RSS of the portal process before the upload and at its peak, sampled every 20 ms: the build must not
 *   be held in memory whole.
 *
 * Usage: npm run bench -- firmware_upload   (env: BENCH_UPLOAD_MB=100)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { fmt, table } from "../../shared/bench/table.ts";
import { generateFirmwareSigningSeed } from "../../shared/ota/mod.ts";
import { createSession, SESSION_COOKIE } from "../auth/session.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { users } from "../db/schema/users.ts";
import { createAccount } from "../features/auth/accounts.ts";
import { newVerificationCode } from "../features/auth/verification.ts";
import { fakeBuild } from "../features/firmware/testing/support.ts";
import { fsStorage } from "../storage/fs_storage.ts";
import { startBenchPortal } from "./wrk.ts";

const UPLOAD_MB = Number(Deno.env.get("BENCH_UPLOAD_MB") ?? 100);
const MIB = 1024 * 1024;

async function seedAdmin(databaseUrl: string): Promise<string> {
  const db = await openDb(databaseUrl);
  await migrateDb(db);
  const now = new Date();
  const account = await createAccount(db, {
    email: "bench-admin@example.com",
    displayName: "Bench Admin",
    password: "bench correct horse",
  }, { now, firstCode: newVerificationCode(now).row });
  if (!account.ok) throw new Error("could not seed the bench admin");
  await db.update(users).set({ emailVerifiedAt: now, role: "admin" }).where(eq(users.id, account.user.id));
  const { token } = await createSession(db, account.user.id, { userAgent: "bench", ip: "127.0.0.1" }, now);
  db.$client.close();
  return token;
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(status.match(/VmRSS:\s+(\d+) kB/)![1]) * 1024;
}

function publishForm(version: string, build: Uint8Array<ArrayBuffer>): FormData {
  const form = new FormData();
  form.append("version", version);
  form.append("channel", "stable");
  form.append("models", "MXR-CTRL-ONE");
  form.append("minFirmwareVersion", "0.1.0");
  form.append("rolloutPercent", "100");
  form.append("releaseNotes", "bench");
  form.append("artifact", new File([build], "mixera-controller"));
  return form;
}

const build = fakeBuild(UPLOAD_MB * MIB);
const dir = mkdtempSync(join(tmpdir(), "mixera-firmware-bench-"));
try {
  const baselineStarted = performance.now();
  await fsStorage(join(dir, "baseline")).put("firmware/build", build);
  const baseline = (performance.now() - baselineStarted) / 1000;

  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const token = await seedAdmin(databaseUrl);
  const portal = await startBenchPortal(databaseUrl, dir, "/signin", {
    ANALYSIS_WORKER: "external",
    FIRMWARE_SIGNING_KEYS: generateFirmwareSigningSeed(),
  });
  try {
    const post = async (version: string, bytes: Uint8Array<ArrayBuffer>) => {
      const response = await fetch(`${portal.base}/admin/firmware`, {
        method: "POST",
        body: publishForm(version, bytes),
        headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: portal.base },
        redirect: "manual",
      });
      await response.body?.cancel();
      if (response.status !== 303) throw new Error(`publishing ${version} answered ${response.status}`);
    };
    await post("0.9.0", fakeBuild(MIB));
    const before = rssBytes(portal.pid);
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssBytes(portal.pid));
    }, 20);
    const started = performance.now();
    await post("1.0.0", build);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssBytes(portal.pid));
    console.log(table(
      [
        "storage",
        "baseline put MB/s",
        "publish MB/s",
        "publish / baseline",
        "RSS before (MB)",
        "RSS peak (MB)",
        "RSS growth (MB)",
      ],
      [[
        "fs (DATA_DIR)",
        fmt(UPLOAD_MB / baseline, 0),
        fmt(UPLOAD_MB / seconds, 1),
        fmt(baseline / seconds, 2),
        fmt(before / MIB, 0),
        fmt(peak / MIB, 0),
        fmt((peak - before) / MIB, 1),
      ]],
    ));
    console.log(
      `\n${UPLOAD_MB} MB build; publish = multipart parse + stream to storage + SHA-256 + release row.`,
    );
  } finally {
    await portal.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
