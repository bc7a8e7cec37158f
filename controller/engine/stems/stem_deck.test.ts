import { afterAll, describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createMixeraTree } from "../../daemon/tree/device_model.ts";
import { createEngine, EngineError, type EngineEvent } from "../mod.ts";
import { quietLogger, readCapture, tempDir, writeSignalWav } from "../testing/support.ts";
import { parseStemFile } from "./stem_file.ts";

const dir = tempDir("stem-deck-");
afterAll(() => dir.remove());

async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

function findFrame(capture: Int16Array, value: number): number {
  for (let frame = 0; frame * 2 < capture.length; frame++) if (capture[frame * 2] === value) return frame;
  return -1;
}

/** Separates `wav` as `uid`, loads the stems on deck 0, sets `controls`, plays to the end; returns the capture. */
async function playStems(name: string, controls: Record<string, unknown>) {
  const wav = join(dir.path, `${name}.wav`);
  const original = writeSignalWav(wav, 30_000);
  const capture = join(dir.path, `${name}.raw`);
  const cacheDir = join(dir.path, `${name}-cache`);
  const tree = createMixeraTree();
  const engine = await createEngine({
    tree,
    logger: quietLogger().logger,
    alsaDevice: `file:FILE=${capture},FORMAT=raw`,
    raisePriority: false,
    stems: { cacheDir, cacheMaxBytes: 1024 ** 3, tier: "simple", demucsModel: null },
  });
  const events: EngineEvent[] = [];
  engine.onEvent((event) => events.push(event));
  let status;
  try {
    await expect(engine.stems!.load(0, name)).rejects.toThrow(EngineError);
    engine.stems!.separate(name, wav);
    await waitFor(() => events.some((e) => e.event === "stem_done"), "stem_done");
    for (const [path, value] of Object.entries(controls)) tree.set(tree.property(path)!, value);
    expect(await engine.stems!.load(0, name)).toEqual({ tier: "simple", durationSec: 30_000 / 44100 });
    status = engine.status()[0];
    engine.play(0);
    await waitFor(() => !engine.status()[0].playing, "end of track");
  } finally {
    await engine.close();
  }
  const file = parseStemFile(
    new Uint8Array(readFileSync(join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith(".stems"))!))),
  );
  return { original, frames: readCapture(capture), file, status, events };
}

describe("stem decks", () => {
  it(
    "play the four stems summed back to the original, sample-exactly, and say so in the deck status",
    async () => {
      const { original, frames, status, events } = await playStems("unity", {});
      expect(status).toMatchObject({
        stems: { uid: "unity", tier: "simple" },
        track: { format: "wav" },
        loading: false,
      });
      expect(events.some((e) => e.event === "track_loaded" && e.data.deck_id === 0)).toBe(true);
      const chunks = events.flatMap((e) =>
        e.event === "waveform_chunk" && e.data.deck_id === 0 ? [e.data] : []
      );
      expect(chunks.at(-1)).toMatchObject({ total_points: Math.ceil(30_000 / 882), sample_rate: 44100 });
      const start = findFrame(frames, 12345);
      expect(start).toBeGreaterThanOrEqual(0);
      let mismatches = 0;
      for (let i = 0; i < original[0].length; i++) {
        if (
          frames[(start + i) * 2] !== original[0][i] || frames[(start + i) * 2 + 1] !== original[1][i]
        ) mismatches++;
      }
      expect(mismatches).toBe(0);
    },
    40_000,
  );

  it("apply the daemon tree's per-stem Mute and Level", async () => {
    const { frames, file } = await playStems("muted", {
      "/devices/0/inputs/0/stems/vocals/Mute": true,
      "/devices/0/inputs/0/stems/bass/Level": -144,
    });
    const [, drums, , other] = file.stems;
    // Vocals and bass are silent: what plays is drums + other.
    const expected = (c: number, i: number) => drums[c][i] + other[c][i];
    let start = -1;
    for (let f = 0; f * 2 < frames.length && start < 0; f++) {
      if (frames[f * 2] !== 0 && frames[f * 2] === expected(0, 0)) start = f;
    }
    expect(start).toBeGreaterThanOrEqual(0);
    let mismatches = 0;
    for (let i = 0; i < file.frames; i++) {
      if (frames[(start + i) * 2] !== expected(0, i) || frames[(start + i) * 2 + 1] !== expected(1, i)) {
        mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  }, 40_000);
});

describe("stem_load racing a newer load_track on the same deck", () => {
  it("gives the deck to the newer load", async () => {
    const wav = join(dir.path, "race.wav");
    writeSignalWav(wav, 44100 * 2);
    const engine = await createEngine({
      tree: createMixeraTree(),
      logger: quietLogger().logger,
      alsaDevice: "null",
      stems: {
        cacheDir: join(dir.path, "race-cache"),
        cacheMaxBytes: 1024 ** 3,
        tier: "simple",
        demucsModel: null,
      },
    });
    const events: EngineEvent[] = [];
    engine.onEvent((event) => events.push(event));
    try {
      engine.stems!.separate("race", wav);
      await waitFor(() => events.some((e) => e.event === "stem_done"), "stem_done");
      const stems = engine.stems!.load(2, "race");
      const track = engine.load(2, wav);
      await expect(stems).rejects.toThrow("replaced by a newer load");
      await track;
      expect(engine.status()[2]).toMatchObject({ stems: null, track: { path: wav } });
    } finally {
      await engine.close();
    }
  }, 30_000);
});

describe("stem controls changed while a stem deck plays", () => {
  it("take effect within the glide, and stay in effect", async () => {
    const wav = join(dir.path, "live.wav");
    const original = writeSignalWav(wav, 44100 * 20);
    const capture = join(dir.path, "live.raw");
    const cacheDir = join(dir.path, "live-cache");
    const tree = createMixeraTree();
    const engine = await createEngine({
      tree,
      logger: quietLogger().logger,
      alsaDevice: `file:FILE=${capture},FORMAT=raw`,
      raisePriority: false,
      stems: { cacheDir, cacheMaxBytes: 1024 ** 3, tier: "simple", demucsModel: null },
    });
    const events: EngineEvent[] = [];
    engine.onEvent((event) => events.push(event));
    try {
      engine.stems!.separate("live", wav);
      await waitFor(() => events.some((e) => e.event === "stem_done"), "stem_done");
      await engine.stems!.load(0, "live");
      engine.play(0);
      await waitFor(() => engine.status()[0].position_sec > 2, "two seconds played");
      tree.set(tree.property("/devices/0/inputs/0/stems/vocals/Mute")!, true);
      await waitFor(() => !engine.status()[0].playing, "end of track");
    } finally {
      await engine.close();
    }
    const file = parseStemFile(
      new Uint8Array(readFileSync(join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith(".stems"))!))),
    );
    const frames = readCapture(capture);
    const start = findFrame(frames, 12345);
    const heard = (i: number) => frames[(start + i) * 2];
    const withoutVocals = (i: number) => original[0][i] - file.stems[0][0][i];
    let lastFull = -1, firstMuted = -1;
    for (let i = 0; i < original[0].length; i++) {
      if (heard(i) === original[0][i] && original[0][i] !== withoutVocals(i)) lastFull = i;
    }
    for (let i = original[0].length - 1; i >= 0 && heard(i) === withoutVocals(i); i--) firstMuted = i;
    expect(lastFull).toBeGreaterThan(44100);
    expect(firstMuted).toBeGreaterThan(lastFull);
    // The glide: 4 blocks of 256 frames.
    expect(firstMuted - lastFull).toBeLessThanOrEqual(4 * 256 + 1);
  }, 40_000);
});
