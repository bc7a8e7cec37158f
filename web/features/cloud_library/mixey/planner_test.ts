import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { PlannerTrack } from "./plan_types.ts";
import { energyTarget, planSet } from "./planner.ts";
import { readSetRequest } from "./read_request.ts";
import { keyRelation, tempoRelation } from "./transitions.ts";

const GENRES = ["Deep House", "Techno"];

/** A synthetic library: deep house 116–126 BPM round the wheel with energies 2–9, techno 128–136. */
function library(): PlannerTrack[] {
  const tracks: PlannerTrack[] = [];
  for (let i = 0; i < 40; i++) {
    tracks.push({
      id: `dh${String(i).padStart(2, "0")}`,
      title: `Deep ${i}`,
      artist: "A",
      genre: "Deep House",
      bpm: 116 + (i % 11),
      keyCamelot: `${(i % 12) + 1}${i % 3 === 0 ? "B" : "A"}`,
      energy: 2 + (i % 8),
      durationSeconds: 360,
    });
  }
  for (let i = 0; i < 10; i++) {
    tracks.push({
      id: `te${i}`,
      title: `Techno ${i}`,
      artist: "B",
      genre: "Techno",
      bpm: 128 + i,
      keyCamelot: "8A",
      energy: 8,
      durationSeconds: 420,
    });
  }
  tracks.push({
    id: "raw",
    title: "Not analysed",
    artist: null,
    genre: "Deep House",
    bpm: null,
    keyCamelot: null,
    energy: null,
    durationSeconds: null,
  });
  return tracks;
}

describe("readSetRequest", () => {
  it("reads length, genre, BPM range and energy words", () => {
    const request = readSetRequest("90-minute warm-up, deep house, 118 to 124, end on a peak", GENRES);
    assert.equal(request.durationSeconds, 5400);
    assert.equal(request.genre, "Deep House");
    assert.deepEqual([request.bpmMin, request.bpmMax], [118, 124]);
    assert.equal(request.arc, "rising");
    assert.equal(request.warmUp, true);
    assert.equal(request.endOnPeak, true);
    assert.equal(request.defaultDuration, false);
  });

  it("reads other phrasings", () => {
    const cool = readSetRequest("2 hours of techno cool down 130-124 bpm", GENRES);
    assert.equal(cool.durationSeconds, 7200);
    assert.equal(cool.arc, "falling");
    assert.deepEqual([cool.bpmMin, cool.bpmMax], [124, 130]);
    const peak = readSetRequest("peak time trance at 138 bpm, an hour and a half", GENRES);
    assert.equal(peak.genre, "trance", "a known genre the library lacks is still recognised");
    assert.equal(peak.arc, "peak");
    assert.equal(peak.durationSeconds, 5400);
    assert.deepEqual([peak.bpmMin, peak.bpmMax], [136, 140]);
    const bare = readSetRequest("something nice", GENRES);
    assert.equal(bare.defaultDuration, true);
    assert.equal(bare.genre, null);
    assert.equal(bare.bpmMin, null);
    assert.equal(bare.arc, "steady");
  });
});

describe("tempo and key relations", () => {
  it("grades tempo steps, also at half and double time", () => {
    assert.equal(tempoRelation(124, 126).step, "seamless");
    assert.equal(tempoRelation(120, 126).step, "normal");
    assert.equal(tempoRelation(120, 135).step, "hard");
    assert.deepEqual(tempoRelation(87, 174), { step: "seamless", change: 0, ratio: 0.5 });
  });

  it("names Camelot relations; diagonals only when asked", () => {
    assert.equal(keyRelation("8A", "8A"), "same");
    assert.equal(keyRelation("12A", "1A"), "adjacent");
    assert.equal(keyRelation("8A", "8B"), "relative");
    assert.equal(keyRelation("8A", "9B"), "clash");
    assert.equal(keyRelation("8A", "9B", true), "diagonal");
    assert.equal(keyRelation("8A", "10A"), "boost");
    assert.equal(keyRelation("8A", "3A"), "boost");
    assert.equal(keyRelation("8A", "2B"), "clash");
  });
});

describe("planSet", () => {
  it("plans a rising deep-house warm-up inside the BPM range that ends on its strongest track", () => {
    const request = readSetRequest("90-minute warm-up, deep house, 118 to 124, end on a peak", GENRES);
    const plan = planSet(request, library());
    const tracks = plan.steps.map((step) => step.track);
    assert.ok(tracks.length > 0);
    assert.ok(
      tracks.every((track) => track.genre === "Deep House" && track.bpm! >= 118 && track.bpm! <= 124),
    );
    assert.equal(new Set(tracks.map((track) => track.id)).size, tracks.length, "no track twice");
    assert.ok(plan.totalSeconds >= 5400 || plan.unmet.some((text) => /shorter than asked/.test(text)));
    assert.ok(tracks[0].energy! <= 4, "a warm-up opens low");
    assert.equal(
      tracks.at(-1)!.energy,
      Math.max(...tracks.map((track) => track.energy!)),
      "ends on the peak",
    );
    assert.equal(plan.steps[0].transition, null);
    for (const step of plan.steps.slice(1)) assert.match(step.transition!, /BPM .* → .*energy/);
    const harmonic = plan.steps.slice(1).filter((step, i) =>
      keyRelation(plan.steps[i].track.keyCamelot, step.track.keyCamelot) !== "clash"
    );
    assert.ok(harmonic.length >= (plan.steps.length - 1) * 0.6, "mostly harmonic transitions");
    assert.ok(
      plan.steps.slice(1).every((step, i) =>
        tempoRelation(plan.steps[i].track.bpm, step.track.bpm).step !== "hard"
      ),
    );
  });

  it("is deterministic", () => {
    const request = readSetRequest("60 min deep house rising", GENRES);
    const ids = () => planSet(request, library()).steps.map((step) => step.track.id);
    assert.deepEqual(ids(), ids());
    assert.deepEqual(planSet(request, library().reverse()).steps.map((step) => step.track.id), ids());
  });

  it("says plainly when the library is too small, or lacks the genre or the range", () => {
    const short = planSet(readSetRequest("3 hours techno", GENRES), library());
    assert.equal(short.steps.length, 10);
    assert.ok(
      short.unmet.some((text) => /Only 70 minutes of techno .*not 180 minutes/i.test(text)),
      short.unmet.join("\n"),
    );
    const missing = planSet(readSetRequest("an hour of trance", GENRES), library());
    assert.equal(missing.steps.length, 0);
    assert.match(missing.unmet.join("\n"), /no analysed trance tracks/);
    const range = planSet(readSetRequest("60 min techno 90 to 100", GENRES), library());
    assert.equal(range.steps.length, 0);
    assert.match(range.unmet.join("\n"), /None of your Techno tracks is between 90 and 100 BPM/);
    const flat = planSet(readSetRequest("60 min techno, end on a peak", GENRES), library());
    assert.ok(!flat.unmet.some((text) => /energetic enough/.test(text)), "energy 8 counts as a peak");
    assert.match(flat.unmet.join("\n"), /energy does not rise/);
  });

  it("follows a falling curve from high to low", () => {
    const plan = planSet(readSetRequest("60 minutes deep house cool down", GENRES), library());
    const energies = plan.steps.map((step) => step.track.energy!);
    assert.ok(energies[0] > energies.at(-1)!, energies.join(","));
    assert.ok(energyTarget(plan.request, 0) > energyTarget(plan.request, 1));
  });
});
