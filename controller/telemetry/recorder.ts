/**
 * @module
 * The DJ's set as telemetry events, from the deck snapshots of the engine's status path and the mixer
 * levels ({@link MixerActivity}):
 * - a session runs from the first deck starting to play until no deck has played for the idle gap
 *   (its end is the last moment one played);
 * - a play is one track on one deck, from its first second playing until the deck loads another
 *   track, is stopped back to the start, plays out, or the session ends; its played seconds are the
 *   seconds it was on air (playing with fader and crossfader open). A track only cued in the
 *   headphones never went on air and is not reported;
 * - a transition hands the air from the leading play to another: the blend starts when the incoming
 *   play comes on air while the leading one still is, and completes when the leading one goes off
 *   air. A play coming on air within {@link CUT_WINDOW_MS} after the leader left is a cut (no overlap).
 */
import type { CamelotRelation, TelemetryEvent, TelemetryEventOf } from "../../shared/telemetry/mod.ts";
import { MAX_SHORT_TEXT_LENGTH, MAX_TRACK_TEXT_LENGTH } from "../../shared/telemetry/mod.ts";
import type { DeckId, DeckStatus, TrackInfo } from "../engine/types.ts";
import { camelotRelation, effectiveCamelot } from "./camelot_relation.ts";
import type { MixerActivity } from "./mixer_activity.ts";
import { camelotFromTag } from "./musical_key.ts";
import { bassSwapSec, overlapBeats, phraseAligned, playedBpm, tempoDeltaPct } from "./transition_metrics.ts";

export const DEFAULT_IDLE_GAP_MS = 15 * 60 * 1000;
export const CUT_WINDOW_MS = 2000;
/** A stopped deck is back at its start; a paused one keeps its position. */
const AT_START_SEC = 0.05;
const TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/;

type Emit = (event: TelemetryEvent) => void;
/** The subset of the mixer the recorder asks about: whether a channel is heard, and its bass moves. */
export type MixerLevels = Pick<MixerActivity, "onAir" | "lowBand">;

interface Play {
  id: string;
  deck: DeckId;
  track: TrackInfo;
  bpm: number | null;
  key: string | null;
  durationSec: number | null;
  startedAtMs: number;
  lastPlayingMs: number;
  lastPositionSec: number;
  tempoPercent: number;
  playing: boolean;
  onAirMs: number;
  onAirSinceMs: number | null;
  wasOnAir: boolean;
}

interface Blend {
  incoming: Play;
  startMs: number;
  incomingPositionSec: number;
}

export interface RecorderOptions {
  mixer: MixerLevels;
  emit: Emit;
  idleGapMs?: number;
  newId?: () => string;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Anything that looks like an email address; a tag holding one is left out (OCP §7: no PII). */
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
const clip = (text: string | null | undefined, max: number) =>
  text && !EMAIL.test(text) ? text.slice(0, max) : null;

function validBpm(bpm: number | null | undefined): number | null {
  return typeof bpm === "number" && bpm >= 20 && bpm <= 300 ? Math.round(bpm * 100) / 100 : null;
}

export class SetRecorder {
  readonly #mixer: MixerLevels;
  readonly #emit: Emit;
  readonly #idleGapMs: number;
  readonly #newId: () => string;
  #decks: DeckStatus[] = [];
  readonly #plays = new Map<DeckId, Play>();
  #session: { id: string; lastActiveMs: number } | null = null;
  #lead: Play | null = null;
  #blend: Blend | null = null;
  /** The leader that went off air with nobody taking over, for telling a cut from a pause. */
  #leftAir: { play: Play; atMs: number } | null = null;

  constructor(options: RecorderOptions) {
    this.#mixer = options.mixer;
    this.#emit = options.emit;
    this.#idleGapMs = options.idleGapMs ?? DEFAULT_IDLE_GAP_MS;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /** A deck snapshot from the status path (about 30 a second). */
  observe(decks: DeckStatus[], nowMs: number): void {
    this.#decks = decks;
    this.#update(nowMs);
  }

  /** The mixer changed a level: on air may have changed before the next snapshot. */
  levelsChanged(nowMs: number): void {
    if (this.#decks.length > 0) this.#update(nowMs);
  }

  /** Whether a session is running (a deck played within the idle gap). */
  get inSession(): boolean {
    return this.#session !== null;
  }

  /**
   * The events ending the running session would emit, without ending it: its open plays up to the
   * moment each was last seen playing, and the session's end (reason `shutdown`). What a crash would
   * otherwise lose; the service keeps them as a checkpoint.
   */
  closingEvents(): TelemetryEvent[] {
    const session = this.#session;
    if (!session) return [];
    const events: TelemetryEvent[] = [];
    for (const play of this.#plays.values()) {
      if (!play.wasOnAir) continue;
      const open = play.onAirSinceMs === null ? 0 : Math.max(0, play.lastPlayingMs - play.onAirSinceMs);
      events.push(this.#playEvent(play, session.id, play.onAirMs + open, play.lastPlayingMs));
    }
    events.push({
      kind: "session_end",
      ts: iso(session.lastActiveMs),
      sessionId: session.id,
      reason: "shutdown",
    });
    return events;
  }

  /** Ends every play and the session, e.g. when the controller shuts down. */
  close(nowMs: number): void {
    if (this.#session) this.#endSession(nowMs, "shutdown", nowMs);
  }

  #update(nowMs: number): void {
    let anyPlaying = false;
    for (const deck of this.#decks) {
      this.#updateDeck(deck, nowMs);
      if (deck.playing && deck.track) anyPlaying = true;
    }
    if (this.#session) {
      if (anyPlaying) this.#session.lastActiveMs = nowMs;
      else if (nowMs - this.#session.lastActiveMs >= this.#idleGapMs) {
        this.#endSession(this.#session.lastActiveMs, "idle", nowMs);
        return;
      }
    }
    this.#updateAir(nowMs);
  }

  #updateDeck(deck: DeckStatus, nowMs: number): void {
    let play = this.#plays.get(deck.id);
    if (play && play.track !== deck.track) {
      this.#endPlay(play, nowMs);
      play = undefined;
    }
    if (!deck.track) return;
    if (!play && deck.playing) {
      const session = this.#session ??= this.#startSession(nowMs);
      session.lastActiveMs = nowMs;
      play = this.#startPlay(deck, deck.track, nowMs);
    }
    if (!play) return;
    play.tempoPercent = deck.tempo_percent;
    play.playing = deck.playing;
    if (deck.playing) play.lastPlayingMs = nowMs;
    const stoppedToStart = !deck.playing && deck.position_sec < AT_START_SEC &&
      play.lastPositionSec >= AT_START_SEC;
    const playedOut = !deck.playing && deck.total_sec > 0 &&
      deck.position_sec >= deck.total_sec - AT_START_SEC &&
      !deck.loading;
    play.lastPositionSec = deck.position_sec;
    this.#updateOnAir(play, nowMs);
    if (stoppedToStart || playedOut) this.#endPlay(play, nowMs);
  }

  #updateOnAir(play: Play, nowMs: number): void {
    const onAir = play.playing && this.#mixer.onAir(play.deck);
    if (onAir && play.onAirSinceMs === null) {
      play.onAirSinceMs = nowMs;
      play.wasOnAir = true;
    } else if (!onAir && play.onAirSinceMs !== null) {
      // A deck that stopped was last heard when it was last seen playing, not when that was noticed.
      const endMs = play.playing ? nowMs : Math.max(play.onAirSinceMs, Math.min(nowMs, play.lastPlayingMs));
      play.onAirMs += endMs - play.onAirSinceMs;
      play.onAirSinceMs = null;
    }
  }

  #isOnAir(play: Play | null): boolean {
    return play !== null && this.#plays.get(play.deck) === play && play.onAirSinceMs !== null;
  }

  /** Hands the air from play to play (see the module comment). */
  #updateAir(nowMs: number): void {
    const onAir = [...this.#plays.values()].filter((play) => this.#isOnAir(play));
    if (this.#blend && !this.#isOnAir(this.#blend.incoming)) this.#blend = null;
    const lead = this.#lead;
    if (lead && this.#isOnAir(lead)) {
      const incoming = onAir.find((play) => play !== lead);
      if (!this.#blend && incoming) {
        this.#blend = { incoming, startMs: nowMs, incomingPositionSec: incoming.lastPositionSec };
      }
      return;
    }
    if (lead) {
      this.#lead = null;
      if (this.#blend) {
        this.#transition(lead, this.#blend, nowMs);
        this.#lead = this.#blend.incoming;
        this.#blend = null;
        return;
      }
      this.#leftAir = { play: lead, atMs: nowMs };
    }
    const next = onAir[0];
    if (!next) return;
    const left = this.#leftAir;
    if (left && left.play !== next && nowMs - left.atMs <= CUT_WINDOW_MS) {
      this.#transition(left.play, {
        incoming: next,
        startMs: nowMs,
        incomingPositionSec: next.lastPositionSec,
      }, nowMs);
    }
    this.#leftAir = null;
    this.#lead = next;
  }

  #transition(outgoing: Play, blend: Blend, endMs: number): void {
    const incoming = blend.incoming;
    const session = this.#session;
    if (!session) return;
    const beats = overlapBeats(
      (endMs - blend.startMs) / 1000,
      playedBpm(outgoing.bpm, outgoing.tempoPercent) ?? playedBpm(incoming.bpm, incoming.tempoPercent),
    );
    const relation: CamelotRelation = camelotRelation(
      effectiveCamelot(outgoing.key, outgoing.tempoPercent),
      effectiveCamelot(incoming.key, incoming.tempoPercent),
    );
    const delta = tempoDeltaPct(outgoing.bpm, incoming.bpm);
    const event: TelemetryEventOf<"transition"> = {
      kind: "transition",
      ts: iso(endMs),
      sessionId: session.id,
      outgoingPlayId: outgoing.id,
      incomingPlayId: incoming.id,
      fromDeck: outgoing.deck,
      toDeck: incoming.deck,
      tempoDeltaPct: delta === null ? null : Math.round(delta * 100) / 100,
      camelotRelation: relation,
      overlapBeats: Math.min(100_000, Math.round(beats * 10) / 10),
      phraseAligned: phraseAligned(blend.incomingPositionSec, incoming.bpm),
      bassSwapSec: bassSwapSec(
        this.#mixer.lowBand(outgoing.deck).cutAtMs,
        this.#mixer.lowBand(incoming.deck).boostAtMs,
        { startMs: blend.startMs, endMs },
      ),
    };
    this.#emit(event);
  }

  #startSession(nowMs: number): { id: string; lastActiveMs: number } {
    const session = { id: this.#newId(), lastActiveMs: nowMs };
    this.#emit({ kind: "session_start", ts: iso(nowMs), sessionId: session.id });
    return session;
  }

  #endSession(endMs: number, reason: "idle" | "shutdown", nowMs: number): void {
    for (const play of [...this.#plays.values()]) this.#endPlay(play, nowMs);
    const session = this.#session!;
    this.#session = null;
    this.#lead = null;
    this.#blend = null;
    this.#leftAir = null;
    this.#emit({ kind: "session_end", ts: iso(endMs), sessionId: session.id, reason });
  }

  #startPlay(deck: DeckStatus, track: TrackInfo, nowMs: number): Play {
    const play: Play = {
      id: this.#newId(),
      deck: deck.id,
      track,
      bpm: validBpm(track.bpm),
      key: camelotFromTag(track.key),
      durationSec: deck.total_sec > 0 ? deck.total_sec : null,
      startedAtMs: nowMs,
      lastPlayingMs: nowMs,
      lastPositionSec: deck.position_sec,
      tempoPercent: deck.tempo_percent,
      playing: deck.playing,
      onAirMs: 0,
      onAirSinceMs: null,
      wasOnAir: false,
    };
    this.#plays.set(deck.id, play);
    return play;
  }

  #endPlay(play: Play, nowMs: number): void {
    play.playing = false;
    this.#updateOnAir(play, nowMs);
    this.#plays.delete(play.deck);
    if (play.wasOnAir && this.#session) {
      this.#emit(this.#playEvent(play, this.#session.id, play.onAirMs, nowMs));
    }
  }

  #playEvent(play: Play, sessionId: string, onAirMs: number, endMs: number): TelemetryEventOf<"track_play"> {
    const { track } = play;
    const durationSec = play.durationSec ?? null;
    return {
      kind: "track_play",
      ts: iso(endMs),
      sessionId,
      playId: play.id,
      deck: play.deck,
      startedAt: iso(play.startedAtMs),
      endedAt: iso(play.lastPlayingMs),
      playedSec: Math.round(onAirMs) / 1000,
      bpm: play.bpm,
      key: play.key,
      genre: clip(track.genre?.trim(), MAX_SHORT_TEXT_LENGTH),
      cloudTrackId: track.cloudTrackId && TOKEN.test(track.cloudTrackId) ? track.cloudTrackId : null,
      title: clip(track.title, MAX_TRACK_TEXT_LENGTH),
      artist: clip(track.artist, MAX_TRACK_TEXT_LENGTH),
      durationSec: durationSec === null ? null : Math.min(durationSec, 7 * 24 * 3600),
    };
  }
}
