/**
 * @module
 * The engine as the API sees it on a controller the cloud may lock: while locked, `load_track`,
 * loading stems and `play` are refused with an EngineError (which the API turns into a clear `error` event); everything
 * else — stopping, the mixer daemon, status — keeps working, so a locked unit never cuts a playing set's
 * mixer mid-way through anything but new playback.
 */
import { type Engine, EngineError, type StemService } from "../engine/types.ts";

export const LOCKED_MESSAGE = "this controller is locked by its owner (unlock it in the MIXERA portal)";

/**
 * @example
 * const engine = lockGatedEngine(realEngine, () => cloudState.locked());
 */
export function lockGatedEngine(engine: Engine, isLocked: () => boolean): Engine {
  const stems = engine.stems;
  return {
    stems: stems && lockGatedStems(stems, isLocked),
    load(deck, path, options) {
      if (isLocked()) return Promise.reject(new EngineError(LOCKED_MESSAGE));
      return engine.load(deck, path, options);
    },
    play(deck) {
      if (isLocked()) throw new EngineError(LOCKED_MESSAGE);
      engine.play(deck);
    },
    pause: (deck) => engine.pause(deck),
    stop: (deck) => engine.stop(deck),
    seek: (deck, seconds) => engine.seek(deck, seconds),
    setTempo: (deck, percent) => engine.setTempo(deck, percent),
    setTempoRange: (deck, range) => engine.setTempoRange(deck, range),
    cueSet: (deck, cue) => engine.cueSet(deck, cue),
    cueJump: (deck, cue) => engine.cueJump(deck, cue),
    setLoop: (deck, startSec, endSec) => engine.setLoop(deck, startSec, endSec),
    clearLoop: (deck) => engine.clearLoop(deck),
    status: () => engine.status(),
    waveform: (deck, points) => engine.waveform(deck, points),
    onEvent: (listener) => engine.onEvent(listener),
    underruns: () => engine.underruns(),
    close: () => engine.close(),
  };
}

/** Stem commands of a lockable controller: separation and controls stay, putting stems on a deck does not. */
function lockGatedStems(stems: StemService, isLocked: () => boolean): StemService {
  return {
    separate: (uid, path) => stems.separate(uid, path),
    status: () => stems.status(),
    setTier: (tier) => stems.setTier(tier),
    clearCache: (uid) => stems.clearCache(uid),
    demucsCheck: () => stems.demucsCheck(),
    load(deck, uid) {
      if (isLocked()) return Promise.reject(new EngineError(LOCKED_MESSAGE));
      return stems.load(deck, uid);
    },
    setControl: (deck, stem, control, value) => stems.setControl(deck, stem, control, value),
    close: () => stems.close(),
  };
}
