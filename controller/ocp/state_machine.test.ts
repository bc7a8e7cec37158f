import { describe, expect, test } from "bun:test";
import {
  LINK_STATES,
  LINK_TRANSITIONS,
  type LinkState,
  LinkStateMachine,
  type LinkTrigger,
  type Transition,
} from "./state_machine.ts";
import { ManualTimers } from "./timers.ts";

const timeouts = { connectMs: 100, handshakeMs: 200, livenessMs: 300, errorMs: 400, recoveryMs: 500 };

function machineAt(path: LinkTrigger[]) {
  const timers = new ManualTimers();
  const transitions: Transition[] = [];
  const machine = new LinkStateMachine({ timeouts, timers, onTransition: (t) => transitions.push(t) });
  for (const trigger of path) expect(machine.fire(trigger)).toBe(true);
  return { machine, timers, transitions };
}

const PATH_TO: Record<LinkState, LinkTrigger[]> = {
  DISCONNECTED: [],
  CONNECTING: ["connect"],
  HANDSHAKE: ["connect", "transport_open"],
  CONNECTED: ["connect", "transport_open", "handshake_ok"],
  ERROR: ["connect", "transport_open", "handshake_ok", "fault"],
  RECOVERY: ["connect", "transport_open", "handshake_ok", "fault", "recover"],
};

describe("link state machine", () => {
  test("walks the happy path and reports each transition", () => {
    const { machine, transitions } = machineAt(PATH_TO.CONNECTED);
    expect(machine.state).toBe("CONNECTED");
    expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      "DISCONNECTED>CONNECTING",
      "CONNECTING>HANDSHAKE",
      "HANDSHAKE>CONNECTED",
    ]);
  });

  test("recovers from ERROR back to CONNECTED", () => {
    const { machine } = machineAt([...PATH_TO.RECOVERY, "recovered"]);
    expect(machine.state).toBe("CONNECTED");
  });

  const allTriggers: LinkTrigger[] = [
    "connect",
    "transport_open",
    "handshake_ok",
    "handshake_failed",
    "fault",
    "timeout",
    "recover",
    "recovered",
    "give_up",
    "close",
  ];
  for (const state of LINK_STATES) {
    test(`${state}: allows exactly its listed triggers`, () => {
      for (const trigger of allTriggers) {
        const { machine } = machineAt(PATH_TO[state]);
        const expected = LINK_TRANSITIONS[state][trigger];
        expect(machine.fire(trigger)).toBe(expected !== undefined);
        expect(machine.state).toBe(expected ?? state);
      }
    });
  }

  const timeoutTargets: [LinkState, number, LinkState][] = [
    ["CONNECTING", 100, "ERROR"],
    ["HANDSHAKE", 200, "ERROR"],
    ["CONNECTED", 300, "ERROR"],
    ["ERROR", 400, "DISCONNECTED"],
    ["RECOVERY", 500, "DISCONNECTED"],
  ];
  for (const [state, ms, target] of timeoutTargets) {
    test(`${state} times out after ${ms} ms into ${target}`, () => {
      const { machine, timers } = machineAt(PATH_TO[state]);
      timers.advance(ms - 1);
      expect(machine.state).toBe(state);
      timers.advance(1);
      expect(machine.state).toBe(target);
    });
  }

  test("touch keeps a live CONNECTED link from timing out", () => {
    const { machine, timers } = machineAt(PATH_TO.CONNECTED);
    for (let i = 0; i < 5; i++) {
      timers.advance(250);
      machine.touch();
    }
    expect(machine.state).toBe("CONNECTED");
    timers.advance(300);
    expect(machine.state).toBe("ERROR");
  });

  test("DISCONNECTED holds no timer", () => {
    const { timers } = machineAt([...PATH_TO.CONNECTED, "close"]);
    expect(timers.pendingCount).toBe(0);
  });
});
