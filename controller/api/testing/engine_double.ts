/**
 * @module
 * A scripted stand-in for the audio engine, for the API's protocol unit tests: it records every call, keeps
 * a plausible transport state and lets a test emit engine events. Integration tests use the real engine.
 */
import {
  DECK_COUNT,
  type DeckId,
  type DeckStatus,
  type Engine,
  EngineError,
  type EngineEvent,
  type LoadOptions,
} from "../../engine/types.ts";

export interface EngineDouble extends Engine {
  calls: string[];
  /** The options of every load, in order. */
  loadOptions: (LoadOptions | undefined)[];
  emit(event: EngineEvent): void;
  /** Makes the next load of this path reject with an EngineError. */
  failLoad(path: string, message: string): void;
}

export function createEngineDouble(): EngineDouble {
  const decks: DeckStatus[] = Array.from({ length: DECK_COUNT }, (_, id) => ({
    id: id as DeckId,
    position_sec: 0,
    total_sec: 0,
    playing: false,
    tempo_percent: 0,
    tempo_range: 8,
    loop: null,
    loading: false,
    track: null,
    stems: null,
  }));
  const listeners = new Set<(event: EngineEvent) => void>();
  const failures = new Map<string, string>();
  const calls: string[] = [];
  const loadOptions: (LoadOptions | undefined)[] = [];
  const loaded = (deck: DeckId) => {
    if (!decks[deck].track) throw new EngineError(`deck ${deck} has no track loaded`);
    return decks[deck];
  };
  return {
    calls,
    loadOptions,
    emit: (event) => listeners.forEach((l) => l(event)),
    failLoad: (path, message) => void failures.set(path, message),
    load(deck, path, options) {
      calls.push(`load ${deck} ${path}`);
      loadOptions.push(options);
      const failure = failures.get(path);
      if (failure) return Promise.reject(new EngineError(failure));
      decks[deck] = {
        ...decks[deck],
        total_sec: 120,
        position_sec: 0,
        track: {
          path,
          title: "Title",
          artist: "Artist",
          album: null,
          format: "wav",
          sourceSampleRate: 44100,
          channels: 2,
        },
      };
      return Promise.resolve();
    },
    play: (deck) => void (calls.push(`play ${deck}`), loaded(deck).playing = true),
    pause: (deck) => void (calls.push(`pause ${deck}`), decks[deck].playing = false),
    stop: (deck) =>
      void (calls.push(`stop ${deck}`), Object.assign(decks[deck], { playing: false, position_sec: 0 })),
    seek: (deck, seconds) =>
      void (calls.push(`seek ${deck} ${seconds}`), loaded(deck).position_sec = seconds),
    setTempo(deck, percent) {
      calls.push(`tempo ${deck} ${percent}`);
      if (Math.abs(percent) > decks[deck].tempo_range) {
        throw new EngineError(`tempo out of ±${decks[deck].tempo_range} %`);
      }
      decks[deck].tempo_percent = percent;
    },
    setTempoRange: (deck, range) =>
      void (calls.push(`tempo_range ${deck} ${range}`), decks[deck].tempo_range = range),
    cueSet: (deck, cue) => void calls.push(`cue_set ${deck} ${cue}`),
    cueJump: (deck, cue) => void calls.push(`cue_jump ${deck} ${cue}`),
    setLoop: (deck, startSec, endSec) =>
      void (calls.push(`loop ${deck} ${startSec} ${endSec}`), loaded(deck).loop = { startSec, endSec }),
    clearLoop: (deck) => void (calls.push(`loop_off ${deck}`), decks[deck].loop = null),
    status: () => decks.map((d) => ({ ...d })),
    waveform(deck, points) {
      calls.push(`waveform ${deck} ${points}`);
      loaded(deck);
      return Array.from({ length: points }, (_, i) => (i % 100) / 100);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    underruns: () => 0,
    close: () => Promise.resolve(),
  };
}
