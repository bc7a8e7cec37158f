/**
 * @module
 * Deck snapshots and a scriptable mixer for recorder tests: four decks, of which the test sets what
 * each plays, where it is and whether its channel is on air.
 */
import type { DeckId, DeckStatus, TrackInfo } from "../../engine/types.ts";
import type { MixerLevels } from "../recorder.ts";

export function track(fields: Partial<TrackInfo> = {}): TrackInfo {
  return {
    path: "/home/anna.schmidt/Music/set.wav",
    title: "Night Drive",
    artist: "Test Artist",
    album: null,
    format: "wav",
    sourceSampleRate: 44100,
    channels: 2,
    bpm: 124,
    key: "Am",
    genre: "House",
    ...fields,
  };
}

export function deck(id: DeckId, fields: Partial<DeckStatus> = {}): DeckStatus {
  return {
    id,
    position_sec: 0,
    total_sec: 0,
    playing: false,
    tempo_percent: 0,
    tempo_range: 8,
    loop: null,
    loading: false,
    track: null,
    stems: null,
    ...fields,
  };
}

/** The four decks, each idle unless `changes` says otherwise. */
export function decks(changes: Partial<Record<DeckId, Partial<DeckStatus>>> = {}): DeckStatus[] {
  return ([0, 1, 2, 3] as DeckId[]).map((id) => deck(id, changes[id]));
}

export class ScriptedMixer implements MixerLevels {
  readonly air = [true, true, true, true];
  readonly bands = [0, 1, 2, 3].map(() => ({
    cutAtMs: null as number | null,
    boostAtMs: null as number | null,
  }));

  onAir(deck: number): boolean {
    return this.air[deck];
  }

  lowBand(deck: number): { cutAtMs: number | null; boostAtMs: number | null } {
    return this.bands[deck];
  }
}
