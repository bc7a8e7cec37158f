/**
 * @module
 * The in-process accessory event bus: accessory links publish control moves here and the engine
 * (and anything else) subscribes. Delivery is synchronous so a fader move reaches the engine in the
 * same tick it was decoded.
 *
 * @example
 * ```ts
 * const bus = createAccessoryEventBus();
 * const off = bus.on((event) => { if (event.type === "FADER_MOVE") console.log(event.chan, event.pos); });
 * bus.emit({ type: "FADER_MOVE", accessory: "MXR-20250701-000123", chan: 1, pos: 0.5 });
 * off();
 * ```
 */

/** `accessory` is the sending accessory's serial, or null when it sent none (W001). */
export type AccessoryEvent =
  | { type: "FADER_MOVE"; accessory: string | null; chan: number; pos: number }
  | { type: "BUTTON"; accessory: string | null; id: string; pressed: boolean }
  | { type: "ENCODER"; accessory: string | null; id: string; delta: number }
  | { type: "JOG"; accessory: string | null; deck: number; delta: number; touch?: boolean };

export type AccessoryEventListener = (event: AccessoryEvent) => void;

export interface AccessoryEventBus {
  /** Subscribes; returns the unsubscribe function. */
  on(listener: AccessoryEventListener): () => void;
  emit(event: AccessoryEvent): void;
}

/** `onListenerError` hears about a throwing listener; the others still receive the event. */
export function createAccessoryEventBus(
  onListenerError: (error: unknown, event: AccessoryEvent) => void = () => {},
): AccessoryEventBus {
  const listeners = new Set<AccessoryEventListener>();
  return {
    on(listener) {
      // A wrapper per subscription lets the same function subscribe twice and unsubscribe each once.
      const entry: AccessoryEventListener = (event) => listener(event);
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    emit(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
  };
}
