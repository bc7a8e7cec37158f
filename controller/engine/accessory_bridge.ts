/**
 * @module
 * Accessory faders → mixer tree. A FADER_MOVE from an OCP accessory (pos 0..1) sets
 * `/devices/0/inputs/<chan>/FaderLevelTapered` for chan 0..3 (the channel faders of decks 0..3; the
 * mixer daemon keeps `FaderLevel` in dB in step, which the engine hears) and `/devices/0/Crossfader`
 * (-1..1, pos 0 = full A) for chan 4. Other channels are ignored with a debug log.
 */
import type { Logger } from "../log/logger.ts";
import type { AccessoryEvent, AccessoryEventBus } from "../ocp/event_bus.ts";
import { CROSSFADER_PATH, inputPath, type MixerTree } from "./mixer_tree.ts";

export const CROSSFADER_CHANNEL = 4;

type FaderMove = Extract<AccessoryEvent, { type: "FADER_MOVE" }>;

/** Events come from accessories over the wire: check the shape even though the type promises it. */
function isFaderMove(event: AccessoryEvent): event is FaderMove {
  return event.type === "FADER_MOVE" && typeof event.chan === "number" && Number.isFinite(event.pos);
}

/** The tree property and value a fader move sets, or null for a channel without a fader. */
export function faderTarget(chan: number, pos: number): { path: string; value: number } | null {
  const position = Math.min(1, Math.max(0, pos));
  if (Number.isInteger(chan) && chan >= 0 && chan < CROSSFADER_CHANNEL) {
    return { path: `${inputPath(chan)}/FaderLevelTapered`, value: position };
  }
  if (chan === CROSSFADER_CHANNEL) return { path: CROSSFADER_PATH, value: position * 2 - 1 };
  return null;
}

/** Subscribes to the bus; returns the unsubscribe function. */
export function connectAccessoryFaders(
  bus: Pick<AccessoryEventBus, "on">,
  tree: MixerTree,
  logger: Logger,
): () => void {
  return bus.on(
    (event) => {
      if (!isFaderMove(event)) return;
      const target = faderTarget(event.chan, event.pos);
      if (!target) {
        logger.debug("hardware", "fader move on a channel without a fader", { chan: event.chan });
        return;
      }
      const result = tree.setValue(target.path, target.value);
      if (!result.ok) logger.warn("hardware", "mixer tree refused a fader move", { path: target.path });
    },
  );
}
