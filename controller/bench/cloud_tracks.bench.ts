/**
 * Cloud tracks on the controller, against the targets:
 * 1. `cloud_list_tracks` / `cloud_search_tracks` round trips through TCP:5555 (answered from the cache, and
 *    fetched from a portal on loopback) against `ping`, a command answered locally (baseline); plus the
 *    library's own cached answer time (target < 2 ms).
 * 2. A cached `load_cloud_track` → playable for a 5-minute 320 kbps MP3 (target ≤ 100 ms) against a plain
 *    local load of the same file (baseline).
 * 3. Download throughput of a 100 MB track through the download Worker (target ≥ 100 MB/s over loopback)
 *    against a bare `fetch` that reads and discards the same bytes (baseline).
 * 4. Underruns while four decks play through the JACK dummy path during that download (target 0), against
 *    the same stretch of playback without it.
 * The portal is the test double of controller/cloud/tracks/testing/ (the device cloud API's schemas, real
 * HTTP on loopback), not the Deno portal.
 *
 * Usage: npm run bench -- cloud_tracks   (BENCH_ROUNDS=300 round trips per command by default)
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav, testSignal16 } from "../../shared/audio/testing/fixtures.ts";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { type ApiTestClient, connectApiClient } from "../api/api_client.ts";
import type { ApiEvent } from "../api/events.ts";
import { startEngineApi } from "../api/mod.ts";
import { CloudTrackLibrary } from "../cloud/tracks/cloud_tracks.ts";
import { downloadTrack } from "../cloud/tracks/downloader.ts";
import { TrackPageCache } from "../cloud/tracks/page_cache.ts";
import { portalTrack, startPortalDouble } from "../cloud/tracks/testing/portal_double.ts";
import { CloudTrackCache } from "../cloud/tracks/track_cache.ts";
import { createEngine, createMemoryMixerTree, type DeckId } from "../engine/mod.ts";
import { quietLogger, startJackDummy } from "../engine/testing/support.ts";
import { ControllerStore } from "../store/store.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);
const DOWNLOAD_MB = 100;
const FIXTURES = join(tmpdir(), "mixera-engine-bench");
const dir = mkdtempSync(join(tmpdir(), "mixera-cloud-bench-"));

/** The engine benchmark's 5-minute 320 kbps MP3 (shared with it, made once). */
function fiveMinuteMp3(): string {
  const target = join(FIXTURES, "five-minutes.mp3");
  if (existsSync(target)) return target;
  execFileSync("mkdir", ["-p", FIXTURES]);
  const wav = join(FIXTURES, "five-minutes.wav");
  const frames = 5 * 60 * 44100;
  writeFileSync(
    wav,
    encodeWav({ sampleRate: 44100, channels: [testSignal16(frames, 1), testSignal16(frames, 2)], bits: 16 }),
  );
  execFileSync("lame", ["--silent", "-b", "320", "--tt", "five-minutes", wav, target]);
  unlinkSync(wav);
  return target;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! };
}

async function roundTrips(
  client: ApiTestClient,
  command: string,
  answer: ApiEvent["event"],
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    client.send(command);
    await client.next(answer);
    times.push(performance.now() - started);
  }
  return times;
}

const mp3Path = fiveMinuteMp3();
const mp3 = new Uint8Array(readFileSync(mp3Path));
const portal = startPortalDouble();
portal.add(portalTrack("five-minutes", mp3, { format: "mp3", title: "Five Minutes", durationSec: 300 }));
for (let i = 0; i < 400; i++) {
  portal.add(portalTrack(`t${i}`, 1000, { title: `Library Track ${i}`, bpm: 118 + (i % 20) }));
}
const { logger } = quietLogger();
const store = new ControllerStore(join(dir, "data"));
const engine = await createEngine({ tree: createMemoryMixerTree(), logger, alsaDevice: "null" });
const cache = new CloudTrackCache({ db: store.db, dir: join(dir, "cache"), maxBytes: 4 * 1024 ** 3 });
const library = (freshMs: number) =>
  new CloudTrackLibrary({
    portal: portal.caller,
    isLocked: () => false,
    engine,
    cache,
    pages: new TrackPageCache(store.db, freshMs),
    logger,
    downloadIdleTimeoutMs: 10_000,
  });
const cached = library(3_600_000);
const uncached = library(0);
const cachedApi = await startEngineApi({ engine, logger, port: 0, wsPort: 0, cloud: cached });
const uncachedApi = await startEngineApi({ engine, logger, port: 0, wsPort: 0, cloud: uncached });
const client = await connectApiClient(cachedApi.ports.tcp);
const uncachedClient = await connectApiClient(uncachedApi.ports.tcp);
const dropStatus = () => client.received.splice(0, client.received.length);

try {
  // 1. Round trips.
  const search = 'cloud_search_tracks "library track" * 120 130 50';
  await roundTrips(client, "ping", "pong");
  const ping = stats(await roundTrips(client, "ping", "pong"));
  dropStatus();
  const listCached = stats(await roundTrips(client, "cloud_list_tracks 50 0", "cloud_tracks_list"));
  const searchCached = stats(await roundTrips(client, search, "cloud_tracks_list"));
  const listPortal = stats(await roundTrips(uncachedClient, "cloud_list_tracks 50 0", "cloud_tracks_list"));
  const searchPortal = stats(await roundTrips(uncachedClient, search, "cloud_tracks_list"));
  const direct: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await cached.list(50, 0);
    direct.push(performance.now() - started);
  }
  const directList = stats(direct);
  const rtRow = (name: string, s: ReturnType<typeof stats>) => [
    name,
    fmt(s.p50, 3),
    fmt(s.p99, 3),
    fmt(s.max, 3),
    `${fmt(s.p99 / ping.p99, 1)}×`,
  ];
  console.log(`Load average at start: ${loadavg().map((n) => fmt(n, 1)).join(" ")} (2 cores)\n`);
  console.log(`### List and search round trips through TCP:5555 (${ROUNDS} each, 50 tracks a page)\n`);
  console.log(table(["command", "p50 ms", "p99 ms", "max ms", "p99 vs ping"], [
    rtRow("ping (baseline, answered locally)", ping),
    rtRow("cloud_list_tracks, cached", listCached),
    rtRow("cloud_search_tracks, cached", searchCached),
    rtRow("cloud_list_tracks, portal on loopback", listPortal),
    rtRow("cloud_search_tracks, portal on loopback", searchPortal),
    rtRow("library.list() cached, in process (target < 2 ms)", directList),
  ]));

  // 2. Cached load → playable against a plain local load of the same file.
  await cached.load(0, "five-minutes", () => {});
  const cachedPath = cache.cachedFile("five-minutes")!;
  const cloudLoads: number[] = [];
  const localLoads: number[] = [];
  for (let i = 0; i < 8; i++) {
    const deck = (i % 4) as DeckId;
    let started = performance.now();
    await engine.load(deck, cachedPath);
    localLoads.push(performance.now() - started);
    started = performance.now();
    await cached.load(deck, "five-minutes", () => {});
    cloudLoads.push(performance.now() - started);
  }
  const local = stats(localLoads);
  const cloud = stats(cloudLoads);
  // What the cloud path adds before the engine's own load: the cache index lookup and the cached metadata.
  const lookups: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    cache.cachedFile("five-minutes");
    cache.metadata("five-minutes");
    lookups.push(performance.now() - started);
  }
  const lookup = stats(lookups);
  console.log("\n### Load → playable, 5-minute 320 kbps MP3 (8 loads each, alternating)\n");
  console.log(table(["load", "p50 ms", "max ms", "p50 vs local"], [
    ["load_track of the cached file (baseline)", fmt(local.p50, 1), fmt(local.max, 1), "1.0×"],
    [
      "cached load_cloud_track (target ≤ 100 ms)",
      fmt(cloud.p50, 1),
      fmt(cloud.max, 1),
      `${fmt(cloud.p50 / local.p50, 2)}×`,
    ],
    [
      `cache lookup the cloud path adds (index + metadata, ${ROUNDS}×)`,
      fmt(lookup.p50, 3),
      fmt(lookup.max, 3),
      `${fmt(lookup.p50 / local.p50, 5)}×`,
    ],
  ]));
} finally {
  client.close();
  uncachedClient.close();
  await cachedApi.close();
  await uncachedApi.close();
  await engine.close();
  store.close();
  portal.close();
}

// 3. Download throughput of 100 MB through the Worker, against a bare fetch.
const big = new Uint8Array(DOWNLOAD_MB * 1024 * 1024);
for (let i = 0; i < big.length; i += 4096) big[i] = (i >> 12) & 0xff;
writeFileSync(join(dir, "big.bin"), big);
const sha256 = createHash("sha256").update(big).digest("hex");
const server = Bun.spawn([
  process.execPath,
  join(import.meta.dir, "../cloud/tracks/testing/file_server.ts"),
  join(dir, "big.bin"),
], {
  stdout: "pipe",
});
const { port } = JSON.parse(new TextDecoder().decode((await server.stdout.getReader().read()).value));
const url = `http://127.0.0.1:${port}/big`;
const workerRates: number[] = [];
const fetchRates: number[] = [];
try {
  for (let run = 0; run < 3; run++) {
    let started = performance.now();
    const response = await fetch(url);
    const reader = response.body!.getReader();
    let received = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      received += read.value.byteLength;
    }
    fetchRates.push(received / 1024 / 1024 / ((performance.now() - started) / 1000));
    rmSync(join(dir, "download.bin"), { force: true });
    started = performance.now();
    await downloadTrack({
      url,
      partPath: join(dir, "download.part"),
      filePath: join(dir, "download.bin"),
      sizeBytes: big.length,
      sha256,
      idleTimeoutMs: 10_000,
    });
    workerRates.push(big.length / 1024 / 1024 / ((performance.now() - started) / 1000));
  }
} finally {
  server.kill();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\n### Download of a ${DOWNLOAD_MB} MB track over loopback (median of 3)\n`);
console.log(table(["path", "MB/s", "vs bare fetch"], [
  ["bare fetch, bytes discarded (baseline)", fmt(median(fetchRates), 0), "1.00×"],
  [
    "download Worker: Range-capable, SHA-256, fsync, rename (target ≥ 100 MB/s)",
    fmt(median(workerRates), 0),
    `${fmt(median(workerRates) / median(fetchRates), 2)}×`,
  ],
]));

// 4. Underruns while four decks play through JACK during the download.
const jack = await startJackDummy();
try {
  const probe = spawnSync(process.execPath, [
    join(import.meta.dir, "../engine/testing/cloud_download_probe.ts"),
    dir,
    String(DOWNLOAD_MB),
  ], {
    env: { ...process.env, JACK_DEFAULT_SERVER: jack.name, JACK_NO_START_SERVER: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  const result = JSON.parse(probe.stdout.trim().split("\n").at(-1) ?? "{}");
  console.log(`\n### Underruns, four decks playing through the JACK dummy path (${result.mode})\n`);
  console.log(table(["stretch", "ms", "underruns"], [
    ["playback only (baseline, same length)", fmt(result.downloadMs, 0), result.underrunsIdle],
    [
      `playback during a ${DOWNLOAD_MB} MB download at ${fmt(result.megabytesPerSecond, 0)} MB/s (target 0)`,
      fmt(result.downloadMs, 0),
      result.underrunsDuringDownload,
    ],
  ]));
} finally {
  jack.stop();
  rmSync(dir, { recursive: true, force: true });
}
