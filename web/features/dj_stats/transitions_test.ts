import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TransitionRecord } from "./history.ts";
import { aggregateRecords, finishAggregates, mergePartials, partialFromRecords } from "./aggregate.ts";
import { summarizeTransitions, tempoBucket, transitionScore } from "./transitions.ts";

function transition(id: string, changes: Partial<TransitionRecord> = {}): TransitionRecord {
  return {
    id,
    sessionId: "s",
    at: new Date("2026-11-28T22:00:00Z"),
    fromPlayId: null,
    toPlayId: null,
    tempoDeltaPct: 1,
    camelotRelation: "same",
    overlapBeats: 32,
    phraseAligned: true,
    ...changes,
  };
}

describe("tempoBucket", () => {
  it("is seamless up to 2 %, normal up to 6 %, hard beyond", () => {
    assert.deepEqual([0, 2, 2.01, 6, 6.1].map(tempoBucket), [
      "seamless",
      "seamless",
      "normal",
      "normal",
      "hard",
    ]);
  });
});

describe("summarizeTransitions", () => {
  it("counts harmonic mixes among those with a known key, buckets and average overlap", () => {
    const summary = summarizeTransitions([
      transition("a", { camelotRelation: "adjacent", tempoDeltaPct: 1.5, overlapBeats: 16 }),
      transition("b", { camelotRelation: "clash", tempoDeltaPct: 4, overlapBeats: 32, phraseAligned: false }),
      transition("c", { camelotRelation: "relative", tempoDeltaPct: 8, overlapBeats: 64 }),
      transition("d", { camelotRelation: "unknown", tempoDeltaPct: null }),
      transition("e", { camelotRelation: "diagonal", tempoDeltaPct: 0 }),
    ]);
    assert.equal(summary.harmonicPct, 50);
    assert.deepEqual(summary.buckets, { seamless: 2, normal: 1, hard: 1 });
    assert.equal(summary.averageOverlapBeats, 35.2);
    assert.equal(summary.phraseAlignedPct, 80);
  });

  it("is all zeros for no transitions", () => {
    const summary = summarizeTransitions([]);
    assert.equal(summary.harmonicPct, 0);
    assert.equal(summary.averageOverlapBeats, null);
  });
});

describe("best and worst transitions", () => {
  it("puts same-key, seamless, phrase-aligned mixes first and clashing hard ones last", () => {
    const perfect = transition("perfect");
    const clash = transition("clash", { camelotRelation: "clash", tempoDeltaPct: 9, phraseAligned: false });
    const okay = transition("okay", { camelotRelation: "diagonal", tempoDeltaPct: 4 });
    assert.equal(transitionScore(perfect), 100);
    assert.equal(transitionScore(clash), 6);
    const { best, worst } = aggregateRecords([], [okay, clash, perfect, okay, okay, okay]);
    assert.deepEqual(best.map((t) => t.transition.id), ["perfect", "okay", "okay"]);
    assert.equal(worst[0].transition.id, "clash");
  });

  it("never lists a transition as both best and worst", () => {
    const { best, worst } = aggregateRecords([], [transition("only")]);
    assert.equal(best.length, 1);
    assert.equal(worst.length, 0);
  });

  it("finds the same best and worst when two parts are aggregated apart and merged", () => {
    const all = Array.from({ length: 40 }, (_, i) =>
      transition(`t${i}`, {
        at: new Date(Date.UTC(2026, 10, 1) + i * 60_000),
        tempoDeltaPct: (i * 7) % 11,
        camelotRelation: (["same", "clash", "diagonal", "unknown", "relative"] as const)[i % 5],
        phraseAligned: i % 3 === 0,
      }));
    const whole = aggregateRecords([], all);
    const merged = finishAggregates(
      mergePartials(partialFromRecords([], all.slice(0, 17)), partialFromRecords([], all.slice(17))),
    );
    assert.deepEqual(merged, whole);
  });
});
