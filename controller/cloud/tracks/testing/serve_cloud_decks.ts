/**
 * @module
 * The real engine (ALSA "null" unless told) and engine API with the real cloud track library in front of a
 * portal double holding a few generated WAV tracks, for the deck UI's browser test and the cloud benchmark.
 * Prints one JSON line `{tcp, ws, portal}`, serves until SIGTERM/SIGINT, then prints `{underruns}`.
 *
 * Usage: bun controller/cloud/tracks/testing/serve_cloud_decks.ts <dir> [--device null] [--tracks 3]
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { encodeWav, testSignal16 } from "../../../../shared/audio/testing/fixtures.ts";
import { startEngineApi } from "../../../api/mod.ts";
import { createEngine, createMemoryMixerTree } from "../../../engine/mod.ts";
import { Logger } from "../../../log/logger.ts";
import { ControllerStore } from "../../../store/store.ts";
import { CloudTrackLibrary } from "../cloud_tracks.ts";
import { TrackPageCache } from "../page_cache.ts";
import { CloudTrackCache } from "../track_cache.ts";
import { portalTrack, startPortalDouble } from "./portal_double.ts";

const { values, positionals } = parseArgs({
  args: Bun.argv.slice(2),
  allowPositionals: true,
  options: {
    device: { type: "string", default: "null" },
    tracks: { type: "string", default: "3" },
    seconds: { type: "string", default: "20" },
  },
});
const dir = positionals[0];
if (!dir) throw new Error("usage: serve_cloud_decks.ts <dir> [--device null] [--tracks 3]");

const TITLES = ["Sunrise Dub", "Night Drive", "Deep House Anthem", "Warehouse Tool", "Acid Rain", "Low End"];
const portal = startPortalDouble();
const seconds = Number(values.seconds);
for (let i = 0; i < Number(values.tracks); i++) {
  const frames = 44100 * seconds;
  const wav = encodeWav({
    sampleRate: 44100,
    channels: [testSignal16(frames, i * 2 + 1), testSignal16(frames, i * 2 + 2)],
    bits: 16,
  });
  portal.add(portalTrack(`track-${i + 1}`, wav, {
    format: "wav",
    title: TITLES[i % TITLES.length] + (i >= TITLES.length ? ` ${i + 1}` : ""),
    bpm: 120 + i,
    durationSec: seconds,
    cuePoints: [{ time: 1 }, { time: seconds / 2 }],
  }));
}

const logger = new Logger({ level: "warn" });
const store = new ControllerStore(join(dir, "data"));
const engine = await createEngine({ tree: createMemoryMixerTree(), logger, alsaDevice: values.device });
const cloud = new CloudTrackLibrary({
  portal: portal.caller,
  isLocked: () => false,
  engine,
  cache: new CloudTrackCache({ db: store.db, dir: join(dir, "cache"), maxBytes: 4 * 1024 ** 3 }),
  pages: new TrackPageCache(store.db, 60_000),
  logger,
  downloadIdleTimeoutMs: 10_000,
});
const api = await startEngineApi({ engine, logger, port: 0, wsPort: 0, cloud });
console.log(JSON.stringify({ ...api.ports, portal: portal.origin }));

async function shutDown() {
  await api.close();
  const underruns = engine.underruns();
  await engine.close();
  store.close();
  portal.close();
  console.log(JSON.stringify({ underruns }));
  process.exit(0);
}
process.once("SIGTERM", shutDown);
process.once("SIGINT", shutDown);
