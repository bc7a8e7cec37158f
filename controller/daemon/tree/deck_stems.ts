/**
 * @module
 * The stem controls of one deck: `…/inputs/N/stems/{vocals,drums,bass,other}/` with `Level` (dB),
 * `LevelTapered` (its 0..1 fader companion) and `Mute`. The engine applies them while the deck plays
 * separated stems; they are ordinary state-tree properties, so every daemon client can set them.
 */
import type { PropertySpec } from "./property.ts";
import type { StateTree } from "./state_tree.ts";
import { dbToTapered } from "./taper.ts";

export const STEMS = ["vocals", "drums", "bass", "other"] as const;
export const STEM_LEVEL_RANGE_DB = { min: -144, max: 12 } as const;

export function defineDeckStems(tree: StateTree, deckPath: string): void {
  const { min, max } = STEM_LEVEL_RANGE_DB;
  for (const stem of STEMS) {
    const base = `${deckPath}/stems/${stem}`;
    const level: PropertySpec = { type: "float", min, max, default: 0, value: 0 };
    const tapered = dbToTapered(0, min, max);
    tree.define(`${base}/Level`, level);
    tree.define(`${base}/LevelTapered`, { type: "float", min: 0, max: 1, default: tapered, value: tapered });
    tree.define(`${base}/Mute`, { type: "bool", default: false, value: false });
  }
}
