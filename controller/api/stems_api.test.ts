// The stem commands over a real TCP connection, against the real engine (ALSA "null" output), the real mixer
// daemon tree and real separation Workers, with a WAV fixture generated here.
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
import { type EngineApi, startEngineApi } from "./mod.ts";

let dir = "";
let trackPath = "";
let daemon: MixerDaemon;
let engine: Engine;
let api: EngineApi;
let client: ApiTestClient;
let other: ApiTestClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mixera-stems-api-"));
  trackPath = join(dir, "my track.wav");
  const channels = [testSignal16(44100 * 4, 1), testSignal16(44100 * 4, 2)];
  writeFileSync(trackPath, encodeWav({ sampleRate: 44100, channels, bits: 16 }));
  const { logger } = createMemoryLogger({ level: "warn" });
  daemon = await startMixerDaemon({ logger, ports: { text: 0, ubjson: 0, ws: 0 } });
  engine = await createEngine({
    alsaDevice: "null",
    logger,
    tree: daemon.tree,
    stems: { cacheDir: join(dir, "stems"), cacheMaxBytes: 1024 ** 3, tier: "simple", demucsModel: null },
  });
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

describe("stem commands over TCP", () => {
  it("switches the tier, separates with progress events to every client, and reports the queue", async () => {
    client.send("stem_algo enhanced");
    expect((await client.next("stem_algo")).data).toEqual({ algo: "enhanced" });
    client.send(`stem_separate song-1 ${trackPath}`);
    expect((await other.next("stem_queued")).data).toEqual({ uid: "song-1", tier: "enhanced", position: 0 });
    expect((await other.next("stem_progress")).data).toMatchObject({ uid: "song-1", tier: "enhanced" });
    const done = await other.next("stem_done", () => true, 30_000);
    expect(done.data).toEqual({ uid: "song-1", tier: "enhanced", duration_sec: 4, cached: false });
    client.send("stem_status");
    const status = await client.next("stem_status");
    expect(status.data.algo).toBe("enhanced");
    expect(status.data.jobs).toEqual([{
      uid: "song-1",
      state: "done",
      percent: 100,
      tier: "enhanced",
      error: null,
    }]);
    expect(status.data.cache.entries).toBe(1);
    expect(status.data.cache.bytes).toBeGreaterThan(44100 * 4 * 16);
  }, 40_000);

  it("loads the stems onto a deck, which then plays them and shows them in deck_status", async () => {
    client.send("stem_load 1 song-1");
    expect((await client.next("cmd_ack")).data).toMatchObject({ cmd: "stem_load", deck_id: 1 });
    expect((await client.next("stems_loaded")).data).toEqual({
      deck_id: 1,
      uid: "song-1",
      tier: "enhanced",
      duration_sec: 4,
    });
    client.send("play 1");
    await client.next("cmd_ack", (e) => e.data.cmd === "play");
    const playing = await client.next("deck_status", (e) => e.data.decks[1].position_sec > 0.1, 5000);
    expect(playing.data.decks[1]).toMatchObject({
      playing: true,
      stems: { uid: "song-1", tier: "enhanced" },
    });
    expect(daemon.tree.getValue("/devices/0/inputs/1/stems/vocals/Mute")).toBe(false);
    client.send("stop 1");
  }, 20_000);

  it("drives the stem controls in the daemon tree, where every daemon client sees them", async () => {
    client.send("stem_mute 1 vocals 1");
    expect((await client.next("cmd_ack", (e) => e.data.cmd === "stem_mute")).data.deck_id).toBe(1);
    client.send("stem_level 1 drums -6");
    expect((await client.next("cmd_ack", (e) => e.data.cmd === "stem_level")).data.deck_id).toBe(1);
    client.send("stem_level 1 bass 40");
    await client.next("cmd_ack", (e) => e.data.cmd === "stem_level");
    expect(daemon.tree.getValue("/devices/0/inputs/1/stems/vocals/Mute")).toBe(true);
    expect(daemon.tree.getValue("/devices/0/inputs/1/stems/drums/Level")).toBe(-6);
    expect(daemon.tree.getValue("/devices/0/inputs/1/stems/drums/LevelTapered")).toBeLessThan(0.631);
    // The tree clamps to the control's range, as it does for any client.
    expect(daemon.tree.getValue("/devices/0/inputs/1/stems/bass/Level")).toBe(12);
  }, 20_000);

  it("answers demucs_check with what is missing here", async () => {
    client.send("demucs_check");
    const report = await client.next("demucs_status", () => true, 20_000);
    expect(report.data.available).toBe(false);
    expect(report.data.missing).toContain(
      "no HTDemucs ONNX model is configured (set stems.demucsModel to its path)",
    );
  }, 30_000);

  it("refuses bad input and clears the cache", async () => {
    client.send("stem_separate ../../etc/passwd /etc/passwd");
    expect((await client.next("error")).data.message).toContain("expected a <uid>");
    client.send("stem_load 0 nobody");
    expect((await client.next("error")).data).toMatchObject({ cmd: "stem_load", deck_id: 0 });
    client.send("stem_clear_cache song-1");
    const cleared = await client.next("stem_cache_cleared");
    expect(cleared.data).toMatchObject({ uid: "song-1", entries: 1 });
    expect(cleared.data.removed_bytes).toBeGreaterThan(0);
    client.send("stem_load 0 song-1");
    expect((await client.next("error")).data.message).toContain("no stems are cached");
  }, 20_000);
});
