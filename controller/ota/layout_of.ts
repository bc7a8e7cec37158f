/**
 * @module
 * Where this controller's A/B install lives: `ota.root` when configured, else the root the running
 * binary sits in (`<root>/slots/<x>/mixera-controller`). Null when it runs outside such a layout
 * (from source, or a plain copy of the binary): then there is nothing to update in place.
 */
import type { ControllerConfig } from "../config/schema.ts";
import { isLayoutRoot, rootOfExecutable, type SlotLayout, slotLayout } from "./slots.ts";

export function otaLayoutOf(config: ControllerConfig, executable = process.execPath): SlotLayout | null {
  const root = config.ota.root ?? rootOfExecutable(executable);
  return root && isLayoutRoot(root) ? slotLayout(root) : null;
}
