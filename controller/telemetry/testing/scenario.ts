/**
 * @module
 * A whole DJ set through the real telemetry service on a real store and mixer tree, with a scripted
 * engine, accessories and clock: two tracks blended with the crossfader and a bass swap, fader-board
 * moves, an untrusted accessory without a serial, a decode error and an underrun, an idle gap that
 * ends the session, and a batch left unsent until the outbox drops it. Every event kind comes out.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type TelemetryBatch, TelemetryBatchSchema } from "../../../shared/telemetry/mod.ts";
import { ControllerConfigSchema } from "../../config/schema.ts";
import { createMemoryMixerTree } from "../../engine/mixer_tree.ts";
import type { DeckStatus, EngineEvent } from "../../engine/types.ts";
import { createMemoryLogger } from "../../log/logger.ts";
import type { AccessoryNotice } from "../../ocp/accessory_service.ts";
import { createAccessoryEventBus } from "../../ocp/event_bus.ts";
import { ControllerStore } from "../../store/store.ts";
import { startTelemetry } from "../telemetry_service.ts";
import type { SendResult } from "../uploader.ts";
import { decks, track } from "./decks.ts";

export const SCENARIO_SERIAL = "MXR-20250701-000123";
/** Where the DJ keeps the music: a home folder named after them. */
export const PRIVATE_PATH = "/home/anna.schmidt/Music/Anna Schmidt - unreleased.wav";

export interface ScenarioResult {
  batches: TelemetryBatch[];
  logs: string;
}

/** Runs the set and returns every batch the portal received, decoded and schema-checked. */
export async function runSetScenario(): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), "mixera-telemetry-scenario-"));
  const store = new ControllerStore(dir);
  let now = Date.parse("2026-03-07T22:00:00.000Z");
  const tree = createMemoryMixerTree({
    "/devices/0/inputs/0/CrossfaderAssign": "A",
    "/devices/0/inputs/1/CrossfaderAssign": "B",
    "/devices/0/Crossfader": -1,
  });
  const engineListeners = new Set<(event: EngineEvent) => void>();
  let underruns = 0;
  const noticeListeners = new Set<(notice: AccessoryNotice) => void>();
  const bus = createAccessoryEventBus();
  const { logger, records } = createMemoryLogger({ level: "debug" });
  const settings = ControllerConfigSchema.parse({
    dataDir: dir,
    telemetry: { intervalMs: 60_000, idleGapMs: 120_000, maxAgeMs: 600_000 },
  }).telemetry;
  const telemetry = startTelemetry({
    settings,
    db: store.db,
    tree,
    engine: {
      onEvent: (listener) => {
        engineListeners.add(listener);
        return () => engineListeners.delete(listener);
      },
      underruns: () => underruns,
    },
    logger,
    serial: SCENARIO_SERIAL,
    bus,
    accessories: {
      onNotice: (listener) => {
        noticeListeners.add(listener);
        return () => noticeListeners.delete(listener);
      },
    },
    now: () => now,
    cpuTemperature: () => 51.2,
    timer: false,
  });

  // The first period's batch cannot be sent and ages out of the outbox.
  telemetry.connect(() => Promise.resolve<SendResult>("refused"));
  await telemetry.period();
  now += 700_000;

  const a = track({ path: PRIVATE_PATH, title: "Night Drive", artist: "Test Artist", bpm: 124, key: "Am" });
  const b = track({
    path: PRIVATE_PATH,
    title: "Sunrise",
    artist: "anna.schmidt@example.com",
    bpm: 126,
    key: "Em",
  });
  const observe = (changes: Parameters<typeof decks>[0]) => telemetry.observeDecks(decks(changes), now);
  const step = (ms: number) => (now += ms);
  const both = (t: number): Partial<Record<0 | 1, Partial<DeckStatus>>> => ({
    0: { track: a, playing: true, position_sec: t, total_sec: 400 },
    1: { track: b, playing: t >= 60, position_sec: Math.max(0, t - 60), total_sec: 300 },
  });
  for (let t = 0; t <= 60; t += 10) {
    observe(both(t));
    if (t < 60) step(10_000);
  }
  for (const [chan, pos] of [[0, 0.8], [0, 0.9], [4, 0.5]] as const) {
    bus.emit({ type: "FADER_MOVE", accessory: null, chan, pos });
  }
  for (const listener of noticeListeners) {
    listener({
      kind: "connected",
      status: {
        link: "tcp 127.0.0.1:40000",
        state: "CONNECTED",
        serial: null,
        model: "MXR-FADER-v1",
        firmware: "1.0.0",
        compatibility: "FULL",
        warnings: ["W001 serial_missing", "W004 uncertified_certificate"],
        enabledFeatures: [],
        amberWarning: "Accessory unverified — some features may be limited. Continue?",
        tags: ["serial_missing", "untrusted_accessory"],
      },
    });
  }
  tree.setValue("/devices/0/Crossfader", 0); // both decks on air: the blend starts
  observe(both(60));
  step(6_500);
  tree.setValue("/devices/0/inputs/0/EqLow", -26); // A's bass out …
  tree.setValue("/devices/0/inputs/1/EqLow", -26);
  step(7_500);
  tree.setValue("/devices/0/inputs/1/EqLow", 0); // … B's bass in
  step(1_480);
  tree.setValue("/devices/0/Crossfader", 1); // A leaves the air
  observe(both(75.48));
  for (const listener of engineListeners) {
    listener({ event: "error", data: { message: `cannot decode ${PRIVATE_PATH}`, deck_id: 2 } });
  }
  underruns = 3;
  step(10_000);
  observe({ ...both(85.48), 0: { track: a, playing: false, position_sec: 0, total_sec: 400 } });
  step(30_000);
  observe({ 1: { track: b, playing: false, position_sec: 55, total_sec: 300 } });
  await telemetry.period();
  step(200_000); // past the idle gap
  observe({ 1: { track: b, playing: false, position_sec: 55, total_sec: 300 } });

  const batches: TelemetryBatch[] = [];
  telemetry.connect((batch) => {
    batches.push(TelemetryBatchSchema.parse(JSON.parse(gunzipSync(batch.body).toString("utf8"))));
    return Promise.resolve("acknowledged");
  });
  await telemetry.period();
  await telemetry.close();
  store.close();
  rmSync(dir, { recursive: true, force: true });
  return { batches, logs: JSON.stringify(records) };
}
