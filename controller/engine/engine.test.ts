import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createMixeraTree } from "../daemon/tree/device_model.ts";
import { createAccessoryEventBus } from "../ocp/event_bus.ts";
import { createEngine, createMemoryMixerTree, EngineError, type EngineEvent } from "./mod.ts";
import { hasCommand, quietLogger, readCapture, tempDir, writeSignalWav } from "./testing/support.ts";

const dir = tempDir("engine-");
afterAll(() => dir.remove());

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}

/** Index of the first frame whose left sample is `value` (the fixtures start with a marker frame). */
function findFrame(capture: Int16Array, value: number): number {
  for (let frame = 0; frame * 2 < capture.length; frame++) if (capture[frame * 2] === value) return frame;
  return -1;
}

describe("engine through an ALSA file capture", () => {
  it("plays a WAV at unity with a flat mixer sample-exactly", async () => {
    const wav = join(dir.path, "unity.wav");
    const [left, right] = writeSignalWav(wav, 30_000);
    const capture = join(dir.path, "unity.raw");
    const { logger } = quietLogger();
    const engine = await createEngine({
      tree: createMemoryMixerTree(),
      logger,
      alsaDevice: `file:FILE=${capture},FORMAT=raw`,
      // The file PCM never blocks, so the engine renders flat out: keep it at normal priority.
      raisePriority: false,
    });
    try {
      await engine.load(0, wav);
      await waitFor(() => !engine.status()[0].loading, "decode");
      engine.play(0);
      await waitFor(() => !engine.status()[0].playing, "end of track");
    } finally {
      await engine.close();
    }
    const frames = readCapture(capture);
    const start = findFrame(frames, 12345);
    expect(start).toBeGreaterThanOrEqual(0);
    let mismatches = 0;
    for (let i = 0; i < left.length; i++) {
      if (frames[(start + i) * 2] !== left[i] || frames[(start + i) * 2 + 1] !== right[i]) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it("plays a 48 kHz file at the right speed on a 44.1 kHz output", async () => {
    const wav = join(dir.path, "48k.wav");
    writeSignalWav(wav, 48_000, 48_000);
    const capture = join(dir.path, "48k.raw");
    const engine = await createEngine({
      tree: createMemoryMixerTree(),
      logger: quietLogger().logger,
      alsaDevice: `file:FILE=${capture},FORMAT=raw`,
      // The file PCM never blocks, so the engine renders flat out: keep it at normal priority.
      raisePriority: false,
    });
    try {
      await engine.load(1, wav);
      await waitFor(() => !engine.status()[1].loading, "decode");
      expect(engine.status()[1].total_sec).toBe(1);
      engine.play(1);
      await waitFor(() => !engine.status()[1].playing, "end of track");
    } finally {
      await engine.close();
    }
    const frames = readCapture(capture);
    const start = findFrame(frames, 12345);
    let end = frames.length / 2 - 1;
    while (end > start && frames[end * 2] === 0 && frames[end * 2 + 1] === 0) end--;
    // One second of audio becomes 44100 output frames (± the interpolation edge).
    expect(Math.abs(end - start + 1 - 44100)).toBeLessThan(4);
  });

  it("hears an accessory fader: FADER_MOVE sets the tree and the capture goes silent", async () => {
    const wav = join(dir.path, "fader.wav");
    writeSignalWav(wav, 44100 * 5);
    const capture = join(dir.path, "fader.raw");
    // The mixer daemon's own tree: it keeps FaderLevel (dB, which the engine reads) in step with FaderLevelTapered.
    const tree = createMixeraTree();
    const bus = createAccessoryEventBus();
    const masterPeaks: number[] = [];
    const dspLoads: number[] = [];
    const engine = await createEngine({
      tree,
      logger: quietLogger().logger,
      alsaDevice: `file:FILE=${capture},FORMAT=raw`,
      // The file PCM never blocks, so the engine renders flat out: keep it at normal priority.
      raisePriority: false,
      accessoryBus: bus,
      meters: {
        pushLevels: (path, levels) => path.endsWith("/outputs/18") && masterPeaks.push(levels.peakDb[0]),
        reportDspLoad: (percent) => dspLoads.push(percent),
      },
    });
    try {
      await engine.load(2, wav);
      engine.play(2);
      await waitFor(() => engine.status()[2].position_sec > 0.5, "playback");
      bus.emit({ type: "FADER_MOVE", accessory: "MXR-20250101-000001", chan: 2, pos: 0 });
      expect(tree.getValue("/devices/0/inputs/2/FaderLevelTapered")).toBe(0);
      const heardAt = masterPeaks.length;
      await waitFor(() => masterPeaks.length > heardAt + 20, "meter updates");
      expect(Math.max(...masterPeaks.slice(0, heardAt))).toBeGreaterThan(-20);
      expect(masterPeaks.at(-1)).toBe(-77);
      bus.emit({ type: "FADER_MOVE", accessory: null, chan: 4, pos: 1 });
      expect(tree.getValue("/devices/0/Crossfader")).toBe(1);
      // A second of rendered audio reports the render time against it: a real share, never 0 or over 100 %.
      expect(dspLoads.length).toBeGreaterThan(0);
      expect(dspLoads.every((load) => load > 0 && load < 100)).toBe(true);
    } finally {
      await engine.close();
    }
    const frames = readCapture(capture);
    const tail = frames.subarray(frames.length - 2000);
    expect(tail.every((sample) => sample === 0)).toBe(true);
  });
});

describe("engine loading", () => {
  let engine: Awaited<ReturnType<typeof createEngine>>;
  const events: EngineEvent[] = [];
  beforeAll(async () => {
    engine = await createEngine({
      tree: createMemoryMixerTree(),
      logger: quietLogger().logger,
      alsaDevice: "null",
    });
    engine.onEvent((event) => events.push(event));
  });
  afterAll(() => engine.close());

  it("says it plays into ALSA null paced by its own clock", () => {
    expect(engine.outputInfo()).toEqual({ mode: "clock", device: "null", fallback: null });
  });

  it("falls back to ALSA null, clock-paced, when the device does not exist, and says why", async () => {
    const { logger, records } = quietLogger();
    const fallback = await createEngine({
      tree: createMemoryMixerTree(),
      logger,
      alsaDevice: "no_such_card_here",
    });
    try {
      expect(fallback.outputInfo()).toMatchObject({ mode: "clock", device: "null" });
      expect(fallback.outputInfo().fallback).toContain("no usable sound card");
      expect(records.some((r) => r.level === "warn" && String(r.msg).includes("paced by the engine clock")))
        .toBe(true);
    } finally {
      await fallback.close();
    }
  });

  it("streams waveform chunks of at most 500 points, then track_loaded", async () => {
    const wav = join(dir.path, "a track with spaces.wav");
    writeSignalWav(wav, 44100 * 30);
    events.length = 0;
    await engine.load(3, wav);
    await waitFor(() => events.some((e) => e.event === "track_loaded"), "track_loaded");
    const chunks = events.flatMap((e) => e.event === "waveform_chunk" ? [e.data] : []);
    const last = chunks.at(-1)!;
    expect(last.total_points).toBe(30 * 50);
    expect(last.total_chunks).toBe(chunks.length);
    expect(chunks.every((c, i) => c.chunk_index === i && c.waveform.length <= 500 && c.deck_id === 3)).toBe(
      true,
    );
    expect(chunks.reduce((sum, c) => sum + c.waveform.length, 0)).toBe(1500);
    const progress = events.flatMap((e) => e.event === "waveform_progress" ? [e.data] : []);
    expect(progress.at(-1)).toEqual({ deck_id: 3, percent: 100, status: "done" });
    expect(progress.slice(0, -1).every((p) => p.status === "decoding" && p.percent < 100)).toBe(true);
    const loaded = events.find((e) => e.event === "track_loaded");
    expect(loaded?.data).toMatchObject({
      deck_id: 3,
      duration_sec: 30,
      track: { format: "wav", channels: 2 },
    });
    expect(engine.waveform(3, 100)).toHaveLength(100);
    expect(() => engine.waveform(3, 0)).toThrow(EngineError);
  });

  it("names the cloud track a deck plays, so plays of it are reported by its library id", async () => {
    const wav = join(dir.path, "cloud.wav");
    writeSignalWav(wav, 44100 * 2);
    const loadedOnDeck2 = () =>
      events.filter((e) => e.event === "track_loaded" && e.data.deck_id === 2).length;
    const before = loadedOnDeck2();
    await engine.load(2, wav, { cloudTrackId: "trk_42" });
    expect(engine.status()[2].track?.cloudTrackId).toBe("trk_42");
    await waitFor(() => loadedOnDeck2() === before + 1, "track_loaded");
    await engine.load(2, wav, {
      cloudTrackId: "trk_43",
      cloud: {
        bpm: 126,
        key: "Am",
        genre: "House",
        beatgrid: { bpm: 126, firstBeatSec: 0.25 },
        loops: [{ start: 1, end: 1.5, name: "drop" }],
      },
    });
    // The file has no tags, so the portal's analysis fills them in; its beatgrid and loops ride on the deck.
    expect(engine.status()[2].track).toMatchObject({
      cloudTrackId: "trk_43",
      bpm: 126,
      key: "Am",
      genre: "House",
      beatgrid: { bpm: 126, firstBeatSec: 0.25 },
      savedLoops: [{ start: 1, end: 1.5, name: "drop" }],
    });
    await waitFor(() => loadedOnDeck2() === before + 2, "track_loaded");
    await engine.load(2, wav);
    expect(engine.status()[2].track?.cloudTrackId).toBeNull();
    expect(engine.status()[2].track?.beatgrid).toBeUndefined();
    await waitFor(() => loadedOnDeck2() === before + 3, "track_loaded");
  });

  it("streams a 20 s WAV with one total_chunks throughout and no empty chunk", async () => {
    const wav = join(dir.path, "twenty seconds.wav");
    writeSignalWav(wav, 44100 * 20);
    events.length = 0;
    await engine.load(3, wav);
    await waitFor(() => events.some((e) => e.event === "track_loaded"), "track_loaded");
    const chunks = events.flatMap((e) => e.event === "waveform_chunk" ? [e.data] : []);
    expect(chunks.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length])).toEqual([
      [0, 2, 500],
      [1, 2, 500],
    ]);
  });

  it("rejects missing, unsupported and unreadable files with EngineError", async () => {
    await expect(engine.load(0, join(dir.path, "missing.wav"))).rejects.toThrow("ENOENT");
    const text = join(dir.path, "notes.wav");
    writeFileSync(text, "definitely not audio");
    await expect(engine.load(0, text)).rejects.toThrow(/unsupported file format/);
    await expect(engine.load(0, dir.path)).rejects.toThrow("not a file");
    expect(() => engine.play(7 as 0)).toThrow("deck must be 0..3, got 7");
    expect(engine.status()[0].track).toBeNull();
  });

  it("rejects a load that a newer load on the same deck replaces before it was playable", async () => {
    const first = join(dir.path, "first.wav");
    const second = join(dir.path, "second.wav");
    writeSignalWav(first, 44100);
    writeSignalWav(second, 22050);
    const replaced = engine.load(2, first);
    const current = engine.load(2, second);
    await expect(replaced).rejects.toThrow(`loading ${first} on deck 2 was replaced by a newer load`);
    await current;
    expect(engine.status()[2].track?.path).toBe(second);
  });

  it.skipIf(!hasCommand("lame") || !hasCommand("flac"))("loads MP3 and FLAC with their tags", async () => {
    const wav = join(dir.path, "source.wav");
    writeSignalWav(wav, 44100 * 3);
    const mp3 = join(dir.path, "tagged.mp3");
    execFileSync("lame", ["--silent", "-b", "320", "--tt", "Night Drive", "--ta", "DJ Test", wav, mp3]);
    const flac = join(dir.path, "tagged.flac");
    execFileSync("flac", ["-s", "-f", "-T", "TITLE=Sunrise", "-o", flac, wav], { stdio: "ignore" });
    await engine.load(0, mp3);
    expect(engine.status()[0].track).toMatchObject({
      format: "mp3",
      title: "Night Drive",
      artist: "DJ Test",
    });
    await engine.load(1, flac);
    await waitFor(() => !engine.status()[1].loading, "flac decode");
    expect(engine.status()[1]).toMatchObject({ total_sec: 3, track: { format: "flac", title: "Sunrise" } });
  });
});
