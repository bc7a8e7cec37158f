import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TransitionRecord } from "./history.ts";
import { rankTransitions, summarizeTransitions, tempoBucket, transitionScore } from "./transitions.ts";

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

describe("rankTransitions", () => {
  it("puts same-key, seamless, phrase-aligned mixes first and clashing hard ones last", () => {
    const perfect = transition("perfect");
    const clash = transition("clash", { camelotRelation: "clash", tempoDeltaPct: 9, phraseAligned: false });
    const okay = transition("okay", { camelotRelation: "diagonal", tempoDeltaPct: 4 });
    assert.equal(transitionScore(perfect), 100);
    assert.equal(transitionScore(clash), 6);
    const { best, worst } = rankTransitions([okay, clash, perfect], 1);
    assert.deepEqual(best.map((t) => t.id), ["perfect"]);
    assert.deepEqual(worst.map((t) => t.id), ["clash"]);
  });

  it("never lists a transition as both best and worst", () => {
    const { best, worst } = rankTransitions([transition("only")], 3);
    assert.equal(best.length, 1);
    assert.equal(worst.length, 0);
  });
});
