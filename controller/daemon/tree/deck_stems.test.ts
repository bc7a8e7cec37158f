import { describe, expect, it } from "bun:test";
import { createMixeraTree, DECK_INPUTS } from "./device_model.ts";
import { STEMS } from "./deck_stems.ts";

describe("deck stem controls", () => {
  it("exist for every stem of every deck, with a tapered companion kept in step", () => {
    const tree = createMixeraTree();
    for (const deck of DECK_INPUTS) {
      for (const stem of STEMS) {
        const base = `/devices/0/inputs/${deck}/stems/${stem}`;
        expect(tree.getValue(`${base}/Level`)).toBe(0);
        expect(tree.getValue(`${base}/Mute`)).toBe(false);
        expect(tree.getValue(`${base}/LevelTapered`)).toBeCloseTo(0.631, 3);
      }
    }
    const level = tree.property("/devices/0/inputs/2/stems/bass/Level")!;
    tree.set(level, -144);
    expect(tree.getValue("/devices/0/inputs/2/stems/bass/LevelTapered")).toBe(0);
    tree.set(tree.property("/devices/0/inputs/2/stems/bass/LevelTapered")!, 1);
    expect(tree.getValue("/devices/0/inputs/2/stems/bass/Level")).toBe(12);
    expect(tree.set(tree.property("/devices/0/inputs/2/stems/bass/Mute")!, "maybe").ok).toBe(false);
  });
});
