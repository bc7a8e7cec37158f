/**
 * @module Device cloud API: list/search latency and download throughput over loopback.
 *
 * The real portal (web/main.ts, production mode) runs pinned to core 0 on a temporary libSQL file; one
 * owner (cloud access on) has 10,000 analysed tracks and linked controllers with live OCP sessions from
 * real handshakes. This process is the controller: one request at a time over a kept-alive connection,
 * as the controller's cloud worker sends them.
 * - latency, p50/p99 over BENCH_ROUNDS requests each: `GET /api/device/status` (baseline: the same
 *   device authentication, no library work) and the signed-out `/signin` page; then the track list (a
 *   page of 50, first and last page), a text search, and a search with genre + BPM range + key.
 * - download: a 100 MB track through the portal-signed URL from `/download` (whole body streamed and
 *   counted), against reading the same file with `Deno.readFile` and copying it with `Deno.copyFile`
 *   (what the disk and page cache alone cost). Target (issue 11): ≥ 100 MB/s over loopback.
 *
 * Usage: npm run bench -- device_cloud   (env: BENCH_ROUNDS=300, BENCH_DOWNLOAD_MB=100)
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import { signDeviceJwt } from "../../shared/devices/jwt.ts";
import { TrackDownloadSchema, TrackListPageSchema } from "../../shared/cloud/device_cloud.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { cloudTracks } from "../db/schema/cloud.ts";
import { devices, deviceSettings, previewApplications } from "../db/schema/devices.ts";
import { users } from "../db/schema/users.ts";
import { insertSeedTracks, seedTracks } from "../features/cloud/testing/seed_library.ts";
import { startBenchPortal } from "./wrk.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 300);
const DOWNLOAD_MB = Number(Deno.env.get("BENCH_DOWNLOAD_MB") ?? 100);
const TRACKS = 10_000;
const OWNER = "bench-owner";
const BIG_TRACK = "bench-big-track";
/** Sessions the requests rotate over: each device may send 6,000 requests a minute. */
const DEVICES = 4;

interface BenchDevice {
  serial: string;
  privateKey: CryptoKey;
}

/** A 100 MB "track": a repeating pattern (its content does not matter to the transfer). */
function bigFile(megabytes: number): Uint8Array {
  const bytes = new Uint8Array(megabytes * 1024 * 1024);
  const block = crypto.getRandomValues(new Uint8Array(65536));
  for (let at = 0; at < bytes.length; at += block.length) bytes.set(block, at);
  return bytes;
}

async function seed(
  databaseUrl: string,
  dataDir: string,
): Promise<{ list: BenchDevice[]; filePath: string }> {
  const db = await openDb(databaseUrl);
  await migrateDb(db);
  const now = new Date();
  await db.insert(users).values({
    id: OWNER,
    mixeraId: "MXR-BENCH011",
    email: "owner@bench.example",
    displayName: "Bench",
    passwordHash: "unused",
    emailVerifiedAt: now,
    createdAt: now,
  });
  await db.insert(previewApplications).values({
    userId: OWNER,
    status: "accepted",
    motivation: "bench",
    gear: "bench",
    createdAt: now,
  });
  await db.insert(deviceSettings).values({ userId: OWNER, cloudAccess: true, updatedAt: now });
  await insertSeedTracks(db, OWNER, seedTracks(TRACKS, "b"));
  const list: BenchDevice[] = [];
  for (let i = 0; i < DEVICES; i++) {
    const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    const serial = `MXR-20250122-${String(i + 1).padStart(6, "0")}`;
    list.push({ serial, privateKey: pair.privateKey });
    await db.insert(devices).values({
      id: `bench-device-${i}`,
      serial,
      userId: OWNER,
      model: "MXR-CTRL-ONE",
      purchaseDate: "2025-01-22",
      registeredAt: now,
      publicKey: encodeBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey))),
      linkedAt: now,
    });
  }
  const bytes = bigFile(DOWNLOAD_MB);
  const storageKey = `cloud/${OWNER}/${BIG_TRACK}`;
  const filePath = join(dataDir, "files", storageKey);
  mkdirSync(join(dataDir, "files", "cloud", OWNER), { recursive: true });
  writeFileSync(filePath, bytes);
  await db.insert(cloudTracks).values({
    id: BIG_TRACK,
    userId: OWNER,
    storageKey,
    storageType: "audio/wav",
    originalFilename: "big.wav",
    format: "wav",
    sizeBytes: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    title: "Big",
    createdAt: now,
  });
  db.$client.close();
  return { list, filePath };
}

async function handshake(base: string, device: BenchDevice): Promise<Record<string, string>> {
  const iat = Math.floor(Date.now() / 1000);
  const jwt = await signDeviceJwt(device.privateKey, {
    sub: device.serial,
    aud: base,
    iat,
    exp: iat + 120,
    jti: encodeBase64Url(crypto.getRandomValues(new Uint8Array(18))),
  });
  const response = await fetch(`${base}/api/device/hello`, {
    method: "POST",
    headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
    body: JSON.stringify({
      id: crypto.randomUUID(),
      type: "HELLO",
      ts: new Date().toISOString(),
      from: { role: "controller", serial: device.serial },
      to: { role: "cloud" },
      payload: {
        serial_number: device.serial,
        model_number: "MXR-CTRL-ONE",
        firmware_version: "1.3.0",
        protocol_version: "1.0",
      },
    }),
  });
  if (response.status !== 200) {
    throw new Error(`handshake answered ${response.status}: ${await response.text()}`);
  }
  await response.body?.cancel();
  return {
    "x-ocp-session": response.headers.get("x-ocp-session")!,
    "x-ocp-token": response.headers.get("x-ocp-token")!,
    "x-device-serial": device.serial,
  };
}

interface Latency {
  p50: number;
  p99: number;
}

/** Sends `path` ROUNDS times one after another (after a warm-up), rotating over the sessions. */
async function latency(base: string, path: string, sessions: Record<string, string>[]): Promise<Latency> {
  const once = async (i: number) => {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, { headers: sessions[i % sessions.length] });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 30; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await once(i));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** The best of three timed runs of `run`, in MB/s of `bytes`. */
async function throughput(bytes: number, run: () => Promise<number>): Promise<number> {
  let best = 0;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const moved = await run();
    const seconds = (performance.now() - started) / 1000;
    if (moved !== bytes) throw new Error(`moved ${moved} bytes, expected ${bytes}`);
    best = Math.max(best, bytes / 1e6 / seconds);
  }
  return best;
}

const dir = mkdtempSync(join(tmpdir(), "mixera-device-cloud-bench-"));
try {
  const databaseUrl = `file:${join(dir, "portal.db")}`;
  const { list, filePath } = await seed(databaseUrl, dir);
  const portal = await startBenchPortal(databaseUrl, dir, "/signin");
  try {
    const sessions: Record<string, string>[] = [];
    for (const device of list) sessions.push(await handshake(portal.base, device));
    const check = await fetch(`${portal.base}/api/device/cloud/tracks?limit=1`, { headers: sessions[0] });
    const firstPage = TrackListPageSchema.parse(await check.json());
    if (firstPage.total !== TRACKS + 1) throw new Error(`the device sees ${firstPage.total} tracks`);

    const lastOffset = TRACKS + 1 - 50;
    const endpoints: [string, string][] = [
      ["GET /api/device/status (baseline)", "/api/device/status"],
      ["GET /signin (signed out)", "/signin"],
      ["list, first page of 50", "/api/device/cloud/tracks?limit=50"],
      ["list, last page of 50", `/api/device/cloud/tracks?limit=50&offset=${lastOffset}`],
      ["search q=groove", "/api/device/cloud/tracks/search?q=groove&limit=50"],
      [
        "search genre + BPM 120–135 + key 8A",
        "/api/device/cloud/tracks/search?genre=Techno&bpmMin=120&bpmMax=135&key=8A&limit=20",
      ],
    ];
    const results: [string, Latency][] = [];
    for (const [name, path] of endpoints) results.push([name, await latency(portal.base, path, sessions)]);
    const baseline = results[0][1];

    const size = DOWNLOAD_MB * 1024 * 1024;
    const viaPortal = await throughput(size, async () => {
      const answer = TrackDownloadSchema.parse(
        await (await fetch(`${portal.base}/api/device/cloud/tracks/${BIG_TRACK}/download`, {
          headers: sessions[0],
        })).json(),
      );
      const response = await fetch(answer.url);
      let received = 0;
      for await (const chunk of response.body!) received += chunk.byteLength;
      return received;
    });
    const readFile = await throughput(size, async () => (await Deno.readFile(filePath)).byteLength);
    const copyPath = join(dir, "copy.bin");
    const copyFile = await throughput(size, async () => {
      await Deno.copyFile(filePath, copyPath);
      return (await Deno.stat(copyPath)).size;
    });

    console.log(`portal on 1 core, ${TRACKS} tracks; ${ROUNDS} sequential requests per row, kept-alive\n`);
    console.log(table(
      ["request", "p50 ms", "p99 ms", "p99 vs /api/device/status"],
      results.map((
        [name, result],
      ) => [name, fmt(result.p50), fmt(result.p99), fmt(result.p99 / baseline.p99)]),
    ));
    console.log(`\n${DOWNLOAD_MB} MiB track, best of 3\n`);
    console.log(table(["transfer", "MB/s", "vs Deno.readFile", "target"], [
      ["Deno.readFile (baseline)", fmt(readFile, 0), "1.00", "—"],
      ["Deno.copyFile", fmt(copyFile, 0), fmt(copyFile / readFile), "—"],
      ["signed URL over loopback (streamed)", fmt(viaPortal, 0), fmt(viaPortal / readFile), "≥ 100 MB/s"],
    ]));
  } finally {
    await portal.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
