import { describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import {
  TelemetryBatchSchema,
  type TelemetryEvent,
  type TelemetryEventOf,
} from "../../shared/telemetry/mod.ts";
import { ControllerConfigSchema } from "../config/schema.ts";
import { createMemoryMixerTree } from "../engine/mixer_tree.ts";
import { createMemoryLogger } from "../log/logger.ts";
import { ControllerStore } from "../store/store.ts";
import { startTelemetry } from "./telemetry_service.ts";
import { decks, track } from "./testing/decks.ts";
import { runSetScenario, SCENARIO_SERIAL } from "./testing/scenario.ts";

const ofKind = <K extends TelemetryEvent["kind"]>(events: TelemetryEvent[], kind: K) =>
  events.filter((event): event is TelemetryEventOf<K> => event.kind === kind);

describe("telemetry service", () => {
  test("a set becomes batches: session, plays, the transition, counters, health, energy, drops", async () => {
    const { batches } = await runSetScenario();
    expect(batches.every((batch) => batch.serial === SCENARIO_SERIAL)).toBe(true);
    expect(new Set(batches.map((batch) => batch.batchId)).size).toBe(batches.length);
    const events = batches.flatMap((batch) => batch.events);
    const [session] = ofKind(events, "session_start");
    expect(ofKind(events, "session_end")).toEqual([
      { kind: "session_end", ts: "2026-03-07T22:13:05.480Z", sessionId: session.sessionId, reason: "idle" },
    ]);
    const plays = ofKind(events, "track_play");
    expect(plays.map((p) => [p.deck, p.title, p.artist, p.bpm, p.key, p.playedSec])).toEqual([
      [0, "Night Drive", "Test Artist", 124, "8A", 75.48],
      // An artist tag holding an email address is left out.
      [1, "Sunrise", null, 126, "9A", 25.48],
    ]);
    expect(ofKind(events, "transition")).toEqual([{
      kind: "transition",
      ts: "2026-03-07T22:12:55.480Z",
      sessionId: session.sessionId,
      outgoingPlayId: plays[0].playId,
      incomingPlayId: plays[1].playId,
      fromDeck: 0,
      toDeck: 1,
      tempoDeltaPct: 1.61,
      camelotRelation: "adjacent",
      overlapBeats: 32,
      phraseAligned: true,
      bassSwapSec: 7.5,
    }]);
    expect(ofKind(events, "mixer_counters").map((c) => [c.crossfaderMoves, c.eqMoves, c.faderMoves])).toEqual(
      [
        [2, 3, 0],
      ],
    );
    expect(ofKind(events, "fader_move").map((f) => [f.chan, f.pos])).toEqual([[0, 0.8], [4, 0.5], [0, 0.9]]);
    expect(ofKind(events, "accessory").map((a) => [a.tag, a.accessoryModel])).toEqual([
      ["serial_missing", "MXR-FADER-v1"],
      ["untrusted_accessory", "MXR-FADER-v1"],
    ]);
    expect(ofKind(events, "error").map((e) => [e.code, e.message])).toEqual([
      [5101, "TRACK_DECODE_FAILED"],
      [5201, "AUDIO_UNDERRUN"],
    ]);
    expect(ofKind(events, "heartbeat").every((h) => h.cpuTempC === 51.2)).toBe(true);
    expect(ofKind(events, "outbox_drop")).toMatchObject([{
      reason: "age",
      droppedBatches: 1,
      droppedEvents: 2,
    }]);
    const energy = ofKind(events, "energy");
    expect(energy.reduce((sum, e) => sum + e.periodSec, 0)).toBeGreaterThan(900);
    expect(energy.every((e) => e.averageWatts >= 4)).toBe(true);
  });
});

describe("telemetry across a restart", () => {
  test("what an unlinked run recorded is sent, same batch ids, once the next run is connected", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-telemetry-restart-"));
    const settings = ControllerConfigSchema.parse({ dataDir: dir }).telemetry;
    const start = (store: ControllerStore) =>
      startTelemetry({
        settings,
        db: store.db,
        tree: createMemoryMixerTree(),
        engine: { onEvent: () => () => {}, underruns: () => 0 },
        logger: createMemoryLogger().logger,
        serial: SCENARIO_SERIAL,
        timer: false,
      });
    let store = new ControllerStore(dir);
    const first = start(store);
    const now = Date.now();
    first.observeDecks(decks({ 0: { track: track(), playing: true } }), now - 5000);
    first.observeDecks(decks({ 0: { track: track(), playing: true } }), now);
    await first.period();
    await first.close(); // the session ends with the shutdown, sealed unsent
    const waiting = first.outbox.due(Date.now() + 1).map((batch) => batch.batchId);
    expect(waiting).toHaveLength(2);
    store.close();

    store = new ControllerStore(dir);
    const second = start(store);
    const sent: string[] = [];
    second.connect((batch) => {
      sent.push(batch.batchId);
      return Promise.resolve("acknowledged");
    });
    await second.period();
    expect(sent.slice(0, 2)).toEqual(waiting);
    expect(second.outbox.stats().batches).toBe(0);
    await second.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("telemetry after SIGKILL", () => {
  test("a run killed mid-set has its session and the open play ended on the next start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-telemetry-kill-"));
    const runner = join(import.meta.dir, "testing", "telemetry_runner.ts");
    const child = spawn(process.execPath, [runner, dir], { stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<string | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal))
    );
    await new Promise<void>((resolve) =>
      createInterface({ input: child.stdout! }).on("line", (line) => {
        if (line === "checkpointed") setTimeout(resolve, 50);
      })
    );
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const store = new ControllerStore(dir);
    const telemetry = startTelemetry({
      settings: ControllerConfigSchema.parse({ dataDir: dir }).telemetry,
      db: store.db,
      tree: createMemoryMixerTree(),
      engine: { onEvent: () => () => {}, underruns: () => 0 },
      logger: createMemoryLogger().logger,
      serial: SCENARIO_SERIAL,
      timer: false,
    });
    const events: TelemetryEvent[] = [];
    telemetry.connect((batch) => {
      events.push(...TelemetryBatchSchema.parse(JSON.parse(gunzipSync(batch.body).toString())).events);
      return Promise.resolve("acknowledged");
    });
    await telemetry.period();
    const [start] = ofKind(events, "session_start");
    expect(ofKind(events, "session_end")).toMatchObject([{ sessionId: start.sessionId, reason: "shutdown" }]);
    const [play] = ofKind(events, "track_play");
    expect(play).toMatchObject({ sessionId: start.sessionId, title: "Killed Mid-Set" });
    expect(play.playedSec).toBeGreaterThan(0.2);
    await telemetry.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);
});
