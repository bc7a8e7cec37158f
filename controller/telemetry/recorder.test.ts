import { describe, expect, test } from "bun:test";
import { type TelemetryEvent, TelemetryEventSchema } from "../../shared/telemetry/mod.ts";
import { SetRecorder } from "./recorder.ts";
import { decks, ScriptedMixer, track } from "./testing/decks.ts";

const S = 1000;
const IDLE_GAP = 600 * S;
const T0 = Date.parse("2026-03-07T22:00:00.000Z");
const at = (seconds: number) => T0 + seconds * S;

function recorder() {
  const events: TelemetryEvent[] = [];
  const mixer = new ScriptedMixer();
  let id = 0;
  const set = new SetRecorder({
    mixer,
    emit: (event) => events.push(TelemetryEventSchema.parse(event)),
    idleGapMs: IDLE_GAP,
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, "0")}`,
  });
  const of = <K extends TelemetryEvent["kind"]>(kind: K) =>
    events.filter((event): event is Extract<TelemetryEvent, { kind: K }> => event.kind === kind);
  return { set, mixer, events, of };
}

describe("set recorder", () => {
  test("a blend from deck 0 into deck 1: session, both plays and the transition with its numbers", () => {
    const { set, mixer, of } = recorder();
    const a = track({ title: "A", bpm: 124, key: "Am" });
    const b = track({ title: "B", bpm: 126, key: "Em", genre: "Tech House" });
    // Deck 0 plays A on air from 0 s; deck 1 starts B at its first beat at 60 s, crossfader in the middle.
    set.observe(decks({ 0: { track: a, playing: true, total_sec: 400 } }), at(0));
    set.observe(decks({ 0: { track: a, playing: true, position_sec: 59.9, total_sec: 400 } }), at(59.9));
    const both = (t: number) =>
      decks({
        0: { track: a, playing: true, position_sec: t, total_sec: 400 },
        1: { track: b, playing: true, position_sec: t - 60, total_sec: 300, tempo_percent: -1.587 },
      });
    set.observe(both(60), at(60));
    mixer.bands[0].cutAtMs = at(66.5); // the bass of A goes …
    mixer.bands[1].boostAtMs = at(74); // … and B's comes in 7.5 s later
    set.observe(both(70), at(70));
    // The crossfader reaches side B at 75.48 s: A is off air.
    mixer.air[0] = false;
    set.levelsChanged(at(75.48));
    expect(of("transition")).toEqual([{
      kind: "transition",
      ts: "2026-03-07T22:01:15.480Z",
      sessionId: "00000000-0000-4000-8000-000000000001",
      outgoingPlayId: "00000000-0000-4000-8000-000000000002",
      incomingPlayId: "00000000-0000-4000-8000-000000000003",
      fromDeck: 0,
      toDeck: 1,
      tempoDeltaPct: 1.61, // |124 − 126| / 124
      camelotRelation: "adjacent", // 8A → 9A; −1.6 % shifts no semitone
      overlapBeats: 32, // 15.48 s at 124 BPM = 31.99 beats
      phraseAligned: true, // B entered on its first beat
      bassSwapSec: 7.5,
    }]);
    // A is paused at 80 s; B plays until 200 s; then nothing for the idle gap.
    set.observe(both(80).map((d) => (d.id === 0 ? { ...d, playing: false } : d)), at(80));
    const end = decks({
      0: { track: a, playing: false, position_sec: 80, total_sec: 400 },
      1: { track: b, playing: false, position_sec: 140, total_sec: 300 },
    });
    set.observe(end.map((d) => (d.id === 1 ? { ...d, playing: true } : d)), at(200));
    set.observe(end, at(200.03));
    expect(set.inSession).toBe(true);
    set.observe(end, at(200 + 599));
    expect(of("session_end")).toEqual([]);
    set.observe(end, at(200 + 600));
    expect(of("session_start")).toEqual([{
      kind: "session_start",
      ts: "2026-03-07T22:00:00.000Z",
      sessionId: "00000000-0000-4000-8000-000000000001",
    }]);
    expect(of("session_end")).toEqual([{
      kind: "session_end",
      ts: "2026-03-07T22:03:20.000Z", // the last moment a deck played
      sessionId: "00000000-0000-4000-8000-000000000001",
      reason: "idle",
    }]);
    const plays = of("track_play");
    expect(plays.map((p) => [p.deck, p.title, p.startedAt, p.endedAt, p.playedSec])).toEqual([
      // A was last seen playing when it left the air (the next snapshot had it paused).
      [0, "A", "2026-03-07T22:00:00.000Z", "2026-03-07T22:01:15.480Z", 75.48],
      [1, "B", "2026-03-07T22:01:00.000Z", "2026-03-07T22:03:20.000Z", 140],
    ]);
    expect(plays[1]).toMatchObject({
      bpm: 126,
      key: "9A",
      genre: "Tech House",
      durationSec: 300,
      cloudTrackId: null,
    });
    expect(set.inSession).toBe(false);
  });

  test("a cut: the next deck comes on air right after the leader left, with no overlap", () => {
    const { set, mixer, of } = recorder();
    const a = track({ bpm: 128, key: "8A" }), b = track({ bpm: 140, key: "2B" });
    mixer.air[1] = false;
    const state = (t: number) =>
      decks({
        0: { track: a, playing: true, position_sec: t },
        1: { track: b, playing: true, position_sec: t },
      });
    set.observe(state(0), at(0));
    mixer.air[0] = false;
    set.levelsChanged(at(30));
    set.observe(state(30.4), at(30.4));
    mixer.air[1] = true;
    set.levelsChanged(at(30.5));
    expect(of("transition")).toMatchObject([{
      fromDeck: 0,
      toDeck: 1,
      overlapBeats: 0,
      tempoDeltaPct: 9.38, // 12 / 128
      camelotRelation: "clash",
      phraseAligned: false, // beat 70.9 of B
      bassSwapSec: null,
    }]);
  });

  test("a deck only cued in the headphones is no play and no transition", () => {
    const { set, mixer, of } = recorder();
    mixer.air[1] = false;
    const a = track(), b = track({ title: "cue" });
    set.observe(decks({ 0: { track: a, playing: true }, 1: { track: b, playing: true } }), at(0));
    set.observe(
      decks({ 0: { track: a, playing: true }, 1: { track: b, playing: false, position_sec: 0 } }),
      at(20),
    );
    set.close(at(30));
    expect(of("transition")).toEqual([]);
    expect(of("track_play").map((p) => p.title)).toEqual(["Night Drive"]);
    expect(of("session_end")).toMatchObject([{ reason: "shutdown" }]);
  });

  test("a play ends when the deck stops back to the start or loads another track", () => {
    const { set, of } = recorder();
    const a = track({ title: "A" }), b = track({ title: "B" });
    set.observe(decks({ 0: { track: a, playing: true, position_sec: 0 } }), at(0));
    set.observe(decks({ 0: { track: a, playing: true, position_sec: 10 } }), at(10));
    set.observe(decks({ 0: { track: a, playing: false, position_sec: 0 } }), at(10.1));
    expect(of("track_play").map((p) => [p.title, p.playedSec])).toEqual([["A", 10]]);
    set.observe(decks({ 0: { track: b, playing: true, position_sec: 0 } }), at(20));
    set.observe(decks({ 0: { track: b, playing: true, position_sec: 5 } }), at(25));
    set.observe(decks({ 0: { track: a, playing: false } }), at(25.1));
    expect(of("track_play").map((p) => [p.title, p.playedSec])).toEqual([["A", 10], ["B", 5]]);
    expect(of("session_start")).toHaveLength(1);
  });

  test("tags that break the schema are left out rather than sent", () => {
    const { set, of } = recorder();
    const odd = track({ bpm: 900, key: "H#", title: "t".repeat(400), cloudTrackId: "../etc/passwd" });
    set.observe(decks({ 0: { track: odd, playing: true } }), at(0));
    set.close(at(5));
    expect(of("track_play")).toMatchObject([{ bpm: null, key: null, cloudTrackId: null }]);
    expect(of("track_play")[0].title).toHaveLength(256);
  });
});
