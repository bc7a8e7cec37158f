/**
 * @module
 * The MIXERA OS audio engine: four decks rendered on the main thread into a SharedArrayBuffer ring that
 * the output Worker plays through ALSA; tracks decoded by one Worker per deck; mixer controls read from
 * the mixer daemon's state tree.
 */
import { stat } from "node:fs/promises";
import { downsamplePeaks } from "../../shared/audio/peaks.ts";
import { type AudioOutput, startAudioOutput } from "../audio/audio_output.ts";
import type { PcmRing } from "../audio/pcm_ring.ts";
import { requestThreadNice } from "../audio/thread_priority.ts";
import type { Logger } from "../log/logger.ts";
import type { AccessoryEventBus } from "../ocp/event_bus.ts";
import { Deck } from "./deck.ts";
import type { DecodeReply } from "./decode_worker.ts";
import type { Levels } from "./level_meter.ts";
import { MixRenderer } from "./mix_renderer.ts";
import {
  controlOf,
  DEVICE_PREFIX,
  inputPath,
  MASTER_OUTPUT_PATH,
  type MixerTree,
  readChannelControls,
  readMasterControls,
} from "./mixer_tree.ts";
import { readStemGain, readStemGains, stemControlOf } from "./stems/stem_controls.ts";
import {
  type LoadedStems,
  openStemService,
  type StemOptions,
  type StemService,
} from "./stems/stem_service.ts";
import { STEM_NAMES } from "./stems/stem_set.ts";
import { StemTrack } from "./stems/stem_track.ts";
import { TrackBuffer } from "./track_buffer.ts";
import { DecoderWorkers, TrackLoader } from "./track_loader.ts";
import {
  DECK_COUNT,
  type DeckId,
  type DeckStatus,
  type Engine,
  EngineError,
  type EngineEvent,
  type LoadOptions,
  type TrackInfo,
} from "./types.ts";
import { warmUpRenderPath } from "./warm_up.ts";
import { POINTS_PER_SECOND, WaveformStream } from "./waveform_stream.ts";

export interface MeterSink {
  pushLevels(nodePath: string, levels: Levels): void;
  /** Render time as a percentage of the audio time rendered (the mixer daemon's `/TotalDSPLoad`). */
  reportDspLoad?(percent: number): void;
}

export interface EngineOptions {
  tree: MixerTree;
  logger: Logger;
  /** ALSA PCM name; "default" unless told. Falls back to ALSA `null`, clock-paced, without a sound card. */
  alsaDevice?: string;
  sampleRate?: number;
  /** Frames per ALSA write and per render block. */
  periodFrames?: number;
  /** Periods the ALSA buffer holds (≥ 2). */
  periods?: number;
  /** Frames the engine keeps rendered ahead in the ring: the main-thread stall it survives. */
  bufferFrames?: number;
  /**
   * Ask for higher scheduling priority (real-time for the output Worker, nice -10 for the rendering main
   * thread); needs CAP_SYS_NICE or an rtprio limit, otherwise it is logged and skipped. Default true.
   */
  raisePriority?: boolean;
  meters?: MeterSink;
  accessoryBus?: Pick<AccessoryEventBus, "on">;
  /** Stem separation (cache, queue, tiers); without it the stem commands are refused. */
  stems?: StemOptions;
}

const MAX_PATH_LENGTH = 4096;
const PUMP_INTERVAL_MS = 2;
/**
 * Blocks the pump renders in one event-loop turn while the ring still holds at least half its target:
 * rendering in small steps keeps any one turn short, so commands and status ticks are not held up.
 */
const BLOCKS_PER_TURN = 2;
const RENDER_THREAD_NICE = -10;

function checkDeck(deck: number): DeckId {
  if (!Number.isInteger(deck) || deck < 0 || deck >= DECK_COUNT) {
    throw new EngineError(`deck must be 0..${DECK_COUNT - 1}, got ${deck}`);
  }
  return deck as DeckId;
}

interface DeckLoad {
  waveform: WaveformStream | null;
  loading: boolean;
  /** Rejects the running load() before it became playable (a newer load or close() replaced it). */
  abandon: ((why: string) => void) | null;
  /** Counts load() calls, so a slower earlier call notices it was overtaken. */
  requests: number;
  /** The separated track whose stems the deck plays, if it plays stems. */
  stems: { uid: string; tier: LoadedStems["tier"] } | null;
}

type ResolvedOptions =
  & EngineOptions
  & Required<Pick<EngineOptions, "sampleRate" | "periodFrames" | "periods" | "bufferFrames">>;

export class AudioEngine implements Engine {
  readonly #options: ResolvedOptions;
  readonly #decks: Deck[];
  readonly #renderer: MixRenderer;
  readonly #decoders: DecoderWorkers;
  readonly #loaders: TrackLoader[];
  readonly #loads: DeckLoad[];
  readonly #listeners = new Set<(event: EngineEvent) => void>();
  readonly #block: Int16Array;
  #output: AudioOutput | null = null;
  readonly stems?: StemService;
  #pumpTimer: ReturnType<typeof setTimeout> | null = null;
  #unwatch: () => void = () => {};
  #closed = false;

  private constructor(options: ResolvedOptions, decoders: DecoderWorkers) {
    this.#options = options;
    this.#decks = Array.from({ length: DECK_COUNT }, (_, id) => new Deck(id as DeckId));
    this.#decoders = decoders;
    this.#loaders = this.#decks.map(() => new TrackLoader(decoders));
    this.#loads = this.#decks.map(() => ({
      waveform: null,
      loading: false,
      abandon: null,
      requests: 0,
      stems: null,
    }));
    this.#renderer = new MixRenderer(
      this.#decks,
      options.sampleRate,
      options.periodFrames,
      this.#decks.map((_, n) => readChannelControls(options.tree, n)),
      readMasterControls(options.tree),
      Math.min(1024, Math.floor(options.sampleRate / 40)),
    );
    this.#block = new Int16Array(options.periodFrames * 2);
    if (options.stems) {
      this.stems = openStemService(
        options.stems,
        options.logger,
        (event) => this.#emit(event),
        {
          claim: (deck) => {
            const load = this.#loads[checkDeck(deck)];
            const request = ++load.requests;
            return () => load.requests === request;
          },
          mount: (deck, stems) => this.#mountStems(deck, stems),
          setValue: (path, value) => options.tree.setValue(path, value),
        },
      );
    }
  }

  static async create(options: EngineOptions): Promise<AudioEngine> {
    const resolved = {
      ...options,
      sampleRate: options.sampleRate ?? 44100,
      periodFrames: options.periodFrames ?? 256,
      periods: Math.max(2, options.periods ?? 3),
      bufferFrames: options.bufferFrames ?? 2048,
    };
    const decoders = new DecoderWorkers();
    await decoders.ready();
    const engine = new AudioEngine(resolved, decoders);
    await engine.#start();
    return engine;
  }

  async #start(): Promise<void> {
    const { tree, logger, sampleRate, periodFrames, periods, bufferFrames } = this.#options;
    const options = this.#options;
    this.#unwatch = tree.watch(DEVICE_PREFIX, (path) => this.#controlChanged(path));
    const renderNice = options.raisePriority === false ? false : requestThreadNice(RENDER_THREAD_NICE);
    const warmStart = performance.now();
    warmUpRenderPath(sampleRate, periodFrames);
    logger.debug("audio", "render path warmed up", { ms: Math.round(performance.now() - warmStart) });
    this.#output = await startAudioOutput(
      {
        device: this.#options.alsaDevice ?? "default",
        sampleRate,
        periodFrames,
        periods,
        ringFrames: bufferFrames * 2,
        raisePriority: options.raisePriority !== false,
        onError: (message) => logger.error("audio", message),
      },
      (ring) => this.#fill(ring),
    );
    this.#pump();
    const { mode, device, fallback, realtime, deviceBufferFrames } = this.#output.started;
    if (fallback) {
      logger.warn("audio", `${fallback}; playing into ${device ?? "nothing"}, paced by the engine clock`);
    }
    logger.info("audio", "audio output started", {
      device,
      mode,
      sampleRate,
      periodFrames,
      periods,
      bufferFrames,
      deviceBufferFrames,
      realtimeOutput: realtime,
      renderNice,
    });
  }

  /** Renders blocks until the ring holds the target, or `maxBlocks` of them. */
  #fill(ring: PcmRing, maxBlocks = Infinity): void {
    const { periodFrames, bufferFrames } = this.#options;
    for (let n = 0; n < maxBlocks && ring.readable() < bufferFrames && ring.writable() >= periodFrames; n++) {
      const started = performance.now();
      this.#renderer.render(this.#block, periodFrames);
      this.#dspLoad.renderMs += performance.now() - started;
      this.#dspLoad.frames += periodFrames;
      ring.write(this.#block, periodFrames);
      if (this.#renderer.masterMeter.frames >= this.#renderer.meterWindow) this.#pushMeters();
    }
    if (this.#dspLoad.frames >= this.#options.sampleRate) this.#reportDspLoad();
  }

  /** Render time against the audio time it produced, reported about once per second of audio. */
  #dspLoad = { renderMs: 0, frames: 0 };

  #reportDspLoad(): void {
    const audioMs = (this.#dspLoad.frames / this.#options.sampleRate) * 1000;
    this.#options.meters?.reportDspLoad?.((this.#dspLoad.renderMs / audioMs) * 100);
    this.#dspLoad = { renderMs: 0, frames: 0 };
  }

  /**
   * Keeps the ring filled a few blocks per turn, coming back at once while it is short of the target and
   * every couple of milliseconds once it is full. A ring below half its target (after a stall) is refilled
   * in one go, since an underrun is worse than one long turn.
   */
  #pump = (): void => {
    const ring = this.#output?.ring;
    if (!ring || this.#closed) return;
    const { bufferFrames } = this.#options;
    this.#fill(ring, ring.readable() < bufferFrames / 2 ? Infinity : BLOCKS_PER_TURN);
    this.#pumpTimer = setTimeout(this.#pump, ring.readable() < bufferFrames ? 0 : PUMP_INTERVAL_MS);
  };

  #pushMeters(): void {
    const channelLevels = this.#renderer.takeChannelLevels();
    const masterLevels = this.#renderer.masterMeter.take();
    const meters = this.#options.meters;
    if (!meters) return;
    channelLevels.forEach((levels, n) => meters.pushLevels(inputPath(n), levels));
    meters.pushLevels(MASTER_OUTPUT_PATH, masterLevels);
  }

  #controlChanged(path: string): void {
    const tree = this.#options.tree;
    const stem = stemControlOf(path);
    if (stem) {
      const track = this.#decks[stem.channel]?.track;
      if (track instanceof StemTrack) track.setGain(stem.stem, readStemGain(tree, stem.channel, stem.stem));
      return;
    }
    const control = controlOf(path);
    if (control === "master") this.#renderer.masterControls = readMasterControls(tree);
    else if (control && control.channel < DECK_COUNT) {
      this.#renderer.channelControls[control.channel] = readChannelControls(tree, control.channel);
    }
  }

  #emit(event: EngineEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#options.logger.error("audio", "engine event listener failed", { error: String(error) });
      }
    }
  }

  async load(deckNumber: DeckId, path: string, options: LoadOptions = {}): Promise<void> {
    const id = checkDeck(deckNumber);
    if (typeof path !== "string" || path.length === 0 || path.length > MAX_PATH_LENGTH) {
      throw new EngineError(`path must be 1..${MAX_PATH_LENGTH} characters`);
    }
    const load = this.#loads[id];
    const request = ++load.requests;
    const file = await stat(path).catch((error: NodeJS.ErrnoException) => {
      throw new EngineError(`cannot read ${path}: ${error.code ?? error.message}`);
    });
    if (!file.isFile()) throw new EngineError(`cannot read ${path}: not a file`);
    // Checking the file is asynchronous: a load() called later may already have taken the deck.
    if (request !== load.requests) {
      throw new EngineError(`loading ${path} on deck ${id} was replaced by a newer load`);
    }
    const deck = this.#decks[id];
    deck.unmount();
    load.abandon?.("was replaced by a newer load");
    load.loading = true;
    load.waveform = null;
    load.stems = null;
    let track: TrackBuffer | null = null;
    const started = performance.now();
    const logger = this.#options.logger;
    await new Promise<void>((resolve, reject) => {
      let playable = false;
      load.abandon = (why) => {
        load.abandon = null;
        if (!playable) reject(new EngineError(`loading ${path} on deck ${id} ${why}`));
      };
      const requested = this.#loaders[id].load(path, POINTS_PER_SECOND, (reply: DecodeReply) => {
        switch (reply.type) {
          case "opened": {
            const info: TrackInfo = {
              path,
              title: reply.tags.title,
              artist: reply.tags.artist,
              album: reply.tags.album,
              genre: reply.tags.genre ?? options.cloud?.genre ?? null,
              bpm: reply.tags.bpm ?? options.cloud?.bpm ?? null,
              key: reply.tags.key ?? options.cloud?.key ?? null,
              cloudTrackId: options.cloudTrackId ?? null,
              ...(options.cloud ? { beatgrid: options.cloud.beatgrid, savedLoops: options.cloud.loops } : {}),
              format: reply.format,
              sourceSampleRate: reply.sampleRate,
              channels: reply.channels,
            };
            track = new TrackBuffer(reply.sampleRate, reply.channels, reply.totalFrames);
            deck.mount(track, info);
            deck.placeCues(options.cues ?? []);
            load.waveform = new WaveformStream(
              id,
              reply.sampleRate,
              reply.framesPerPoint,
              reply.totalFrames,
              (event) => this.#emit(event),
            );
            return;
          }
          case "block":
            track?.append(reply.channels);
            this.#emit({
              event: "waveform_progress",
              data: { deck_id: id, percent: reply.percent, status: "decoding" },
            });
            load.waveform?.add(reply.points);
            if (!playable) {
              playable = true;
              load.abandon = null;
              logger.info("audio", "track playable", {
                deck: id,
                path,
                ms: Math.round(performance.now() - started),
              });
              resolve();
            }
            return;
          case "done": {
            if (!track) return;
            track.complete = true;
            load.loading = false;
            this.#emit({ event: "waveform_progress", data: { deck_id: id, percent: 100, status: "done" } });
            load.waveform?.finish(reply.points);
            this.#emit({
              event: "track_loaded",
              data: { deck_id: id, duration_sec: track.length / track.sampleRate, track: deck.info! },
            });
            logger.info("audio", "track decoded", {
              deck: id,
              path,
              ms: Math.round(performance.now() - started),
            });
            if (!playable) {
              playable = true;
              load.abandon = null;
              resolve();
            }
            return;
          }
          case "failed":
            load.loading = false;
            load.abandon = null;
            deck.unmount();
            if (playable) this.#emit({ event: "error", data: { message: reply.message, deck_id: id } });
            else reject(new EngineError(`cannot load ${path}: ${reply.message}`));
        }
      });
      requested.catch((error: Error) => {
        load.loading = false;
        load.abandon = null;
        reject(new EngineError(`cannot load ${path}: the decoder did not start (${error.message})`));
      });
    });
  }

  /**
   * Puts loaded stems on a deck in place of whatever it played, with the stem gains the tree holds now, and
   * streams the mix's waveform as a load does.
   */
  #mountStems(id: DeckId, stems: LoadedStems): void {
    const load = this.#loads[checkDeck(id)];
    load.abandon?.("was replaced by stems");
    this.#loaders[id].terminate();
    const gains = readStemGains(this.#options.tree, id);
    for (const name of STEM_NAMES) stems.track.setGain(name, gains[name], false);
    const deck = this.#decks[id];
    deck.mount(stems.track, stems.info);
    load.loading = false;
    load.stems = { uid: stems.uid, tier: stems.tier };
    const { sampleRate, length } = stems.track;
    load.waveform = new WaveformStream(
      id,
      sampleRate,
      stems.framesPerPoint,
      length,
      (event) => this.#emit(event),
    );
    load.waveform.finish(Array.from(stems.peaks));
    const durationSec = length / sampleRate;
    this.#emit({
      event: "track_loaded",
      data: { deck_id: id, duration_sec: durationSec, track: stems.info },
    });
  }

  #deck(deck: number): Deck {
    return this.#decks[checkDeck(deck)];
  }

  play(deck: DeckId): void {
    this.#deck(deck).play();
  }
  pause(deck: DeckId): void {
    this.#deck(deck).pause();
  }
  stop(deck: DeckId): void {
    this.#deck(deck).stop();
  }
  seek(deck: DeckId, seconds: number): void {
    this.#deck(deck).seek(seconds);
  }
  setTempo(deck: DeckId, percent: number): void {
    this.#deck(deck).setTempo(percent);
  }
  setTempoRange(deck: DeckId, range: 8 | 16 | 50): void {
    this.#deck(deck).setTempoRange(range);
  }
  /** Sets the cue where the DJ is listening, not where rendering has got to. */
  cueSet(deck: DeckId, cue: number): void {
    const target = this.#deck(deck);
    target.cueSet(cue, target.heardPosition(this.#latencyFrames(), this.#options.sampleRate));
  }
  cueJump(deck: DeckId, cue: number): void {
    this.#deck(deck).cueJump(cue);
  }
  setLoop(deck: DeckId, startSec: number, endSec: number): void {
    this.#deck(deck).setLoop(startSec, endSec);
  }
  clearLoop(deck: DeckId): void {
    this.#deck(deck).clearLoop();
  }

  /** Output frames rendered but not heard yet: the ring, plus the device buffer when a device paces. */
  #latencyFrames(): number {
    const output = this.#output;
    if (!output) return 0;
    return output.ring.readable() + (output.started.mode === "alsa" ? output.started.deviceBufferFrames : 0);
  }

  /** `position_sec` is what is heard now: the render position less the audio still queued for output. */
  status(): DeckStatus[] {
    const latency = this.#latencyFrames();
    return this.#decks.map((deck) => {
      const track = deck.track;
      const rate = track?.sampleRate ?? 1;
      return {
        id: deck.id,
        position_sec: track ? deck.heardPosition(latency, this.#options.sampleRate) / rate : 0,
        total_sec: track ? track.totalFrames / rate : 0,
        playing: deck.playing,
        tempo_percent: deck.tempoPercent,
        tempo_range: deck.tempoRange,
        loop: deck.loopState(),
        loading: this.#loads[deck.id].loading,
        track: deck.info,
        stems: this.#loads[deck.id].stems,
      };
    });
  }

  waveform(deck: DeckId, points: number): number[] {
    const peaks = this.#loads[checkDeck(deck)].waveform?.peaks ?? [];
    if (!Number.isInteger(points) || points < 1 || points > 100_000) {
      throw new EngineError(`points must be 1..100000, got ${points}`);
    }
    return downsamplePeaks(peaks, points);
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  underruns(): number {
    return this.#output?.ring.underruns() ?? 0;
  }

  /** How the output plays: device-paced ALSA or clock-paced, and why it fell back if it did. */
  outputInfo(): { mode: "alsa" | "clock"; device: string | null; fallback: string | null } {
    const started = this.#output?.started;
    return {
      mode: started?.mode ?? "clock",
      device: started?.device ?? null,
      fallback: started?.fallback ?? null,
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.stems?.close();
    if (this.#pumpTimer) clearTimeout(this.#pumpTimer);
    this.#unwatch();
    for (const loader of this.#loaders) loader.terminate();
    this.#decoders.close();
    for (const load of this.#loads) load.abandon?.("stopped: the engine closed");
    await this.#output?.close();
  }
}
