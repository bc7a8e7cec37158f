// The engine API against the REAL engine (ALSA "null" output, paced by the engine's own clock) and the real
// mixer daemon state tree, over real sockets on ephemeral ports, with WAV fixtures generated here.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav, testSignal16 } from "../../shared/audio/testing/fixtures.ts";
import { type MixerDaemon, startMixerDaemon } from "../daemon/mod.ts";
import { createEngine } from "../engine/mod.ts";
import type { Engine } from "../engine/types.ts";
import { createMemoryLogger } from "../log/logger.ts";
import { type ApiTestClient, connectApiClient } from "./api_client.ts";
import type { ApiEvent, DeckStatusWire } from "./events.ts";
import { type EngineApi, startEngineApi } from "./mod.ts";

const FIXTURE_SECONDS = 8;
let dir = "";
let trackPath = "";
let daemon: MixerDaemon;
let engine: Engine;
let api: EngineApi;
let client: ApiTestClient;
let other: ApiTestClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mixera-api-"));
  trackPath = join(dir, "my track (final).wav");
  const left = testSignal16(44100 * FIXTURE_SECONDS, 1);
  const right = testSignal16(44100 * FIXTURE_SECONDS, 2);
  writeFileSync(trackPath, encodeWav({ sampleRate: 44100, channels: [left, right], bits: 16 }));
  writeFileSync(join(dir, "notes.mp3"), "these are not audio frames\n".repeat(100));
  const { logger } = createMemoryLogger({ level: "warn" });
  daemon = await startMixerDaemon({ logger, ports: { text: 0, ubjson: 0, ws: 0 } });
  engine = await createEngine({ alsaDevice: "null", logger, tree: daemon.tree, meters: daemon.meters });
  api = await startEngineApi({ engine, logger, port: 0, wsPort: 0 });
  client = await connectApiClient(api.ports.tcp);
  other = await connectApiClient(api.ports.tcp);
});

afterAll(async () => {
  client?.close();
  other?.close();
  await api?.close();
  await engine?.close();
  await daemon?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The next deck_status sent from now on (older buffered frames describe the deck before the command). */
function freshStatus(c: ApiTestClient, match: (e: Extract<ApiEvent, { event: "deck_status" }>) => boolean) {
  c.received.splice(0, c.received.length, ...c.received.filter((e) => e.event !== "deck_status"));
  return c.next("deck_status", match);
}
const deck0 = (c: ApiTestClient, match: (d: DeckStatusWire) => boolean) =>
  freshStatus(c, (e) => match(e.data.decks[0]));

describe("engine API with the real engine", () => {
  it("acks load_track at once, then streams waveform chunks and track_loaded to every client", async () => {
    client.send(`load_track 0 "${trackPath}"`);
    const ack = await client.next("cmd_ack");
    expect(ack.data).toMatchObject({ cmd: "load_track", deck_id: 0 });
    const loaded = await other.next("track_loaded", (e) => e.data.deck_id === 0, 15_000);
    expect(loaded.data.duration_sec).toBeCloseTo(FIXTURE_SECONDS, 2);
    expect(loaded.data.track).toMatchObject({
      path: trackPath,
      format: "wav",
      source_sample_rate: 44100,
      channels: 2,
    });
    const chunks = other.received.filter((e) => e.event === "waveform_chunk" && e.data.deck_id === 0);
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) {
      if (chunk.event !== "waveform_chunk") continue;
      expect(chunk.data.waveform.length).toBeLessThanOrEqual(500);
      expect(chunk.data.waveform.every((p) => p >= 0 && p <= 1)).toBe(true);
    }
    const last = chunks.at(-1)!;
    if (last.event !== "waveform_chunk") throw new Error("expected a chunk");
    expect(new Set(chunks.map((c) => c.event === "waveform_chunk" && c.data.chunk_index)).size).toBe(
      last.data.total_chunks,
    );
    const status = await deck0(other, (d) => d.position_sec === 0);
    expect(status.data.decks[0]).toMatchObject({
      playing: false,
      loading: false,
      track: { path: trackPath },
    });
    expect(status.data.decks[0].total_sec).toBeCloseTo(FIXTURE_SECONDS, 2);
  });

  it("plays, pauses, seeks, changes tempo, loops and stops a deck, acking each command", async () => {
    const run = async (line: string) => {
      client.send(line);
      const ack = await client.next("cmd_ack");
      expect(ack.data.cmd).toBe(line.split(" ")[0]);
      expect(ack.data.deck_id).toBe(0);
    };
    await run("play 0");
    await deck0(client, (d) => d.playing && d.position_sec > 0.2);
    await run("pause 0");
    const paused = await deck0(client, (d) => !d.playing);
    await run("seek 0 5");
    await deck0(client, (d) => Math.abs(d.position_sec - 5) < 0.01);
    expect(paused.data.decks[0].position_sec).toBeGreaterThan(0.2);
    await run("tempo_range 0 16");
    await run("tempo 0 -12.5");
    const tempo = await deck0(client, (d) => d.tempo_percent === -12.5);
    expect(tempo.data.decks[0].tempo_range).toBe(16);
    await run("loop 0 1 2.5");
    const loop = await deck0(client, (d) => d.loop !== null);
    expect(loop.data.decks[0].loop).toEqual({ start_sec: 1, end_sec: 2.5 });
    await run("loop_off 0");
    await deck0(client, (d) => d.loop === null);
    await run("cue_set 0 1");
    await run("cue_jump 0 1");
    await run("stop 0");
    await deck0(client, (d) => !d.playing && d.position_sec === 0);
  });

  it("answers get_waveform with chunks of at most 500 points", async () => {
    client.send("get_waveform 0 1200");
    const chunks = [
      await client.next("waveform_chunk", (e) => e.data.chunk_index === 0 && e.data.total_points === 1200),
      await client.next("waveform_chunk", (e) => e.data.chunk_index === 1 && e.data.total_points === 1200),
      await client.next("waveform_chunk", (e) => e.data.chunk_index === 2 && e.data.total_points === 1200),
    ];
    expect(chunks.map((c) => c.data.waveform.length)).toEqual([500, 500, 200]);
    expect(chunks.flatMap((c) => c.data.waveform).some((p) => p > 0.1)).toBe(true);
  });

  it("reports unreadable files and commands on empty decks as errors", async () => {
    client.send(`load_track 2 "${join(dir, "notes.mp3")}"`);
    await client.next("cmd_ack", (e) => e.data.deck_id === 2);
    const bad = await client.next("error", (e) => e.data.deck_id === 2, 10_000);
    expect(bad.data.message.length).toBeGreaterThan(0);
    client.send(`load_track 3 "${join(dir, "missing.wav")}"`);
    expect((await client.next("error", (e) => e.data.deck_id === 3, 10_000)).data.message.length)
      .toBeGreaterThan(0);
    client.send("play 1");
    expect((await client.next("error", (e) => "cmd" in e.data && e.data.cmd === "play")).data.deck_id).toBe(
      1,
    );
  });
});
