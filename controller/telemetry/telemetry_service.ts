/**
 * @module
 * Telemetry as one running piece: the set recorder fed by the engine's status path and the mixer tree,
 * sampled accessory fader moves, accessory tags, engine errors, and once a period the mixer counters,
 * a heartbeat (uptime, CPU temperature) and the energy estimate; everything goes through the outbox,
 * which is sealed each period and sent once a portal link is connected.
 *
 * @example
 * ```ts
 * const telemetry = startTelemetry({ settings: config.telemetry, db: store.db, tree, engine, logger, serial });
 * telemetry.observeDecks(engine.status(), Date.now()); // on each status tick
 * telemetry.connect(sendThroughCloud(cloudLink));
 * await telemetry.close();
 * ```
 */
import type { Database } from "bun:sqlite";
import type { TelemetryEvent } from "../../shared/telemetry/mod.ts";
import type { ControllerConfig } from "../config/schema.ts";
import type { MixerTree } from "../engine/mixer_tree.ts";
import type { DeckStatus, Engine } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import type { AccessoryNotice } from "../ocp/accessory_service.ts";
import type { AccessoryEventBus } from "../ocp/event_bus.ts";
import { cpuTemperatureReader } from "./device_health.ts";
import { FaderSampler } from "./fader_sampler.ts";
import { MixerActivity } from "./mixer_activity.ts";
import { TelemetryOutbox } from "./outbox.ts";
import { EnergyMeter } from "./power_model.ts";
import { SetRecorder } from "./recorder.ts";
import { type SendBatch, TelemetryUploader } from "./uploader.ts";

/** Fader samples per channel: one per 5 s by default, up to 10 per second with the user's opt-in. */
export const FADER_SAMPLE_MS = 5_000;
export const DETAILED_FADER_SAMPLE_MS = 100;

/** OCP §11 error codes the controller reports (numeric code and upper-case token, never free text). */
export const TELEMETRY_ERRORS = {
  TRACK_DECODE_FAILED: 5101,
  AUDIO_UNDERRUN: 5201,
} as const;

/** Events after which the running session's checkpoint is renewed (it began, a play ended, the air changed hands). */
const CHECKPOINTED_KINDS = new Set(["session_start", "session_end", "track_play", "transition"]);
const TAG_MODEL = /^[A-Za-z0-9_.:-]{1,64}$/;
const REPORTED_TAGS = new Set(["serial_missing", "untrusted_accessory"]);

export interface TelemetryOptions {
  settings: ControllerConfig["telemetry"];
  db: Database;
  tree: MixerTree;
  engine: Pick<Engine, "onEvent" | "underruns">;
  logger: Logger;
  /** The provisioned serial; without one, events wait in the outbox unsealed. */
  serial: string | null;
  bus?: Pick<AccessoryEventBus, "on">;
  accessories?: { onNotice(listener: (notice: AccessoryNotice) => void): () => void };
  now?: () => number;
  cpuTemperature?: () => number | null;
  /** Seal and send on a timer (default); tests drive {@link TelemetryService.period} themselves. */
  timer?: boolean;
}

export interface TelemetryService {
  /** One deck snapshot from the engine's status path. */
  observeDecks(decks: DeckStatus[], tsMs: number): void;
  /** Starts sending sealed batches through `send`. */
  connect(send: SendBatch): void;
  /** Ends a period now: counters, heartbeat and energy recorded, the outbox sealed and sent. */
  period(): Promise<void>;
  readonly outbox: TelemetryOutbox;
  /** Ends the session (reason `shutdown`), seals the outbox and waits for a running send. */
  close(): Promise<void>;
}

export function startTelemetry(options: TelemetryOptions): TelemetryService {
  const { settings, logger, serial } = options;
  const now = options.now ?? Date.now;
  const startedAtMs = now();
  const outbox = new TelemetryOutbox(options.db, {
    maxAgeMs: settings.maxAgeMs,
    maxBytes: settings.maxBytes,
  });
  const record = (event: TelemetryEvent) => {
    try {
      outbox.record(event, now());
      if (CHECKPOINTED_KINDS.has(event.kind)) outbox.checkpoint(recorder.closingEvents(), now());
    } catch (error) {
      logger.error("cloud", "telemetry event not recorded", { kind: event.kind, error: String(error) });
    }
  };
  // The mixer calls back only when the tree changes, by which time the recorder exists.
  const mixer = new MixerActivity(options.tree, (nowMs) => recorder.levelsChanged(nowMs), now);
  const recorder = new SetRecorder({ mixer, emit: record, idleGapMs: settings.idleGapMs });
  const recovered = outbox.recoverCheckpoint(startedAtMs);
  if (recovered > 0) {
    logger.warn("cloud", "telemetry: ended the session the last run left open", { recovered });
  }
  const sampler = new FaderSampler(
    settings.detailedSampling ? DETAILED_FADER_SAMPLE_MS : FADER_SAMPLE_MS,
    record,
  );
  const energy = new EnergyMeter(startedAtMs);
  const cpuTemperature = options.cpuTemperature ?? cpuTemperatureReader();
  let underruns = options.engine.underruns();
  let playingDecks = 0;

  const unsubscribe = [
    options.engine.onEvent((event) => {
      if (event.event !== "error") return;
      record({
        kind: "error",
        ts: new Date(now()).toISOString(),
        code: TELEMETRY_ERRORS.TRACK_DECODE_FAILED,
        message: "TRACK_DECODE_FAILED",
        fatal: false,
      });
    }),
    options.bus?.on((event) => {
      if (event.type === "FADER_MOVE") sampler.move(event.chan, event.pos, now());
    }),
    options.accessories?.onNotice((notice) => {
      if (notice.kind !== "connected") return;
      const model = notice.status.model && TAG_MODEL.test(notice.status.model) ? notice.status.model : null;
      for (const tag of notice.status.tags) {
        if (!REPORTED_TAGS.has(tag)) continue;
        record({
          kind: "accessory",
          ts: new Date(now()).toISOString(),
          tag: tag as "serial_missing" | "untrusted_accessory",
          accessoryModel: model,
        });
      }
    }),
  ];

  let uploader: TelemetryUploader | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let sending: Promise<unknown> = Promise.resolve();
  const send = () => {
    if (!uploader) return;
    const current = uploader;
    sending = current.flush().then(() => {
      clearTimeout(retryTimer);
      const wait = current.retryAtMs - now();
      if (wait > 0 && wait < settings.intervalMs && options.timer !== false) {
        retryTimer = setTimeout(send, wait);
      }
    }).catch((error) => logger.warn("cloud", "telemetry upload failed", { error: String(error) }));
    return sending;
  };

  let periodStartMs = startedAtMs;
  const endPeriod = (): void => {
    const nowMs = now();
    const iso = new Date(nowMs).toISOString();
    sampler.flush(nowMs);
    // Without status ticks (no API client polling, say) the idle gap must still end the session.
    recorder.levelsChanged(nowMs);
    const counts = mixer.takeCounts();
    const periodSec = Math.min(7 * 24 * 3600, Math.max(0, (nowMs - periodStartMs) / 1000));
    periodStartMs = nowMs;
    if (counts.faderMoves + counts.crossfaderMoves + counts.eqMoves > 0) {
      record({ kind: "mixer_counters", ts: iso, periodSec, ...counts });
    }
    const underrunsNow = options.engine.underruns();
    if (underrunsNow > underruns) {
      record({
        kind: "error",
        ts: iso,
        code: TELEMETRY_ERRORS.AUDIO_UNDERRUN,
        message: "AUDIO_UNDERRUN",
        fatal: false,
      });
    }
    underruns = underrunsNow;
    energy.sample(playingDecks, nowMs);
    record({ kind: "energy", ts: iso, ...energy.take(nowMs) });
    record({
      kind: "heartbeat",
      ts: iso,
      uptimeSec: Math.round((nowMs - startedAtMs) / 1000),
      cpuTempC: cpuTemperature(),
    });
    outbox.enforceBounds(nowMs);
    if (serial) outbox.seal(serial, nowMs);
    outbox.checkpoint(recorder.closingEvents(), nowMs);
  };

  const period = async () => {
    try {
      endPeriod();
    } catch (error) {
      logger.error("cloud", "telemetry period failed", { error: String(error) });
    }
    await send();
  };
  const timer = options.timer === false ? undefined : setInterval(period, settings.intervalMs);

  return {
    outbox,
    observeDecks(decks, tsMs) {
      recorder.observe(decks, tsMs);
      let playing = 0;
      for (const deck of decks) if (deck.playing && deck.track) playing++;
      if (playing !== playingDecks) energy.sample(playing, tsMs);
      playingDecks = playing;
    },
    connect(sendBatch) {
      uploader = new TelemetryUploader(outbox, sendBatch, { now });
      void send();
    },
    period,
    async close() {
      clearInterval(timer);
      clearTimeout(retryTimer);
      for (const off of unsubscribe) off?.();
      mixer.close();
      const nowMs = now();
      recorder.close(nowMs);
      outbox.checkpoint([]);
      sampler.flush(nowMs, true);
      await sending;
      try {
        outbox.enforceBounds(nowMs);
        if (serial) outbox.seal(serial, nowMs);
      } catch (error) {
        logger.error("cloud", "telemetry not sealed at shutdown", { error: String(error) });
      }
    },
  };
}
