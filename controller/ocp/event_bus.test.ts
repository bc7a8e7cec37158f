import { describe, expect, test } from "bun:test";
import { type AccessoryEvent, createAccessoryEventBus } from "./event_bus.ts";

const move: AccessoryEvent = { type: "FADER_MOVE", accessory: "MXR-20250701-000123", chan: 2, pos: 0.25 };

describe("accessory event bus", () => {
  test("delivers events to every subscriber until it unsubscribes", () => {
    const bus = createAccessoryEventBus();
    const first: AccessoryEvent[] = [];
    const second: AccessoryEvent[] = [];
    const offFirst = bus.on((e) => first.push(e));
    bus.on((e) => second.push(e));
    bus.emit(move);
    offFirst();
    bus.emit({ type: "BUTTON", accessory: null, id: "play", pressed: true });
    expect(first).toEqual([move]);
    expect(second).toHaveLength(2);
  });

  test("a throwing listener neither stops the others nor escapes emit", () => {
    const errors: unknown[] = [];
    const bus = createAccessoryEventBus((error) => errors.push(error));
    const seen: AccessoryEvent[] = [];
    bus.on(() => {
      throw new Error("boom");
    });
    bus.on((e) => seen.push(e));
    bus.emit(move);
    expect(seen).toEqual([move]);
    expect(errors).toHaveLength(1);
  });
});
