/**
 * @module
 * The OCP connection state machine. Every transition is listed in {@link LINK_TRANSITIONS}; anything
 * else is refused. Each state except DISCONNECTED has a timeout that fires the `timeout` trigger, so
 * no link can hang in a state forever.
 *
 * ```
 * DISCONNECTED ─connect→ CONNECTING ─transport_open→ HANDSHAKE ─handshake_ok→ CONNECTED
 *        ▲                   │ fault/timeout             │ fault/timeout/        │ fault/timeout
 *        │                   ▼                           ▼ handshake_failed      ▼ (peer lost)
 *        └──give_up/timeout── ERROR ◀──────────────────────────────────────────────┘
 *        │                     │ recover                     ▲ fault
 *        └──────timeout─────── RECOVERY ──recovered→ CONNECTED
 * ```
 * `close` leads from any state to DISCONNECTED.
 */
import { realTimers, type Timers } from "./timers.ts";

export const LINK_STATES = [
  "DISCONNECTED",
  "CONNECTING",
  "HANDSHAKE",
  "CONNECTED",
  "ERROR",
  "RECOVERY",
] as const;
export type LinkState = typeof LINK_STATES[number];

export type LinkTrigger =
  | "connect"
  | "transport_open"
  | "handshake_ok"
  | "handshake_failed"
  | "fault"
  | "timeout"
  | "recover"
  | "recovered"
  | "give_up"
  | "close";

export const LINK_TRANSITIONS: Record<LinkState, Partial<Record<LinkTrigger, LinkState>>> = {
  DISCONNECTED: { connect: "CONNECTING" },
  CONNECTING: { transport_open: "HANDSHAKE", fault: "ERROR", timeout: "ERROR", close: "DISCONNECTED" },
  HANDSHAKE: {
    handshake_ok: "CONNECTED",
    handshake_failed: "ERROR",
    fault: "ERROR",
    timeout: "ERROR",
    close: "DISCONNECTED",
  },
  CONNECTED: { fault: "ERROR", timeout: "ERROR", close: "DISCONNECTED" },
  ERROR: { recover: "RECOVERY", give_up: "DISCONNECTED", timeout: "DISCONNECTED", close: "DISCONNECTED" },
  RECOVERY: { recovered: "CONNECTED", fault: "ERROR", timeout: "DISCONNECTED", close: "DISCONNECTED" },
};

/** How long each state may last before `timeout` fires; CONNECTED's is restarted by {@link LinkStateMachine.touch}. */
export interface LinkTimeouts {
  connectMs: number;
  handshakeMs: number;
  /** Silence allowed in CONNECTED: heartbeat interval × missed heartbeats. */
  livenessMs: number;
  errorMs: number;
  recoveryMs: number;
}

export const DEFAULT_LINK_TIMEOUTS: LinkTimeouts = {
  connectMs: 5_000,
  handshakeMs: 5_000,
  livenessMs: 30_000,
  errorMs: 1_000,
  recoveryMs: 10_000,
};

const TIMEOUT_OF: Record<LinkState, keyof LinkTimeouts | null> = {
  DISCONNECTED: null,
  CONNECTING: "connectMs",
  HANDSHAKE: "handshakeMs",
  CONNECTED: "livenessMs",
  ERROR: "errorMs",
  RECOVERY: "recoveryMs",
};

export interface Transition {
  from: LinkState;
  to: LinkState;
  trigger: LinkTrigger;
}

export class LinkStateMachine {
  #state: LinkState = "DISCONNECTED";
  #timer: unknown = null;
  #timeouts: LinkTimeouts;
  #timers: Timers;
  #onTransition: (transition: Transition) => void;

  constructor(options: {
    timeouts?: Partial<LinkTimeouts>;
    timers?: Timers;
    onTransition?: (transition: Transition) => void;
  } = {}) {
    this.#timeouts = { ...DEFAULT_LINK_TIMEOUTS, ...options.timeouts };
    this.#timers = options.timers ?? realTimers;
    this.#onTransition = options.onTransition ?? (() => {});
  }

  get state(): LinkState {
    return this.#state;
  }

  can(trigger: LinkTrigger): boolean {
    return LINK_TRANSITIONS[this.#state][trigger] !== undefined;
  }

  /** Applies `trigger`; returns false (and changes nothing) when the current state does not allow it. */
  fire(trigger: LinkTrigger): boolean {
    const to = LINK_TRANSITIONS[this.#state][trigger];
    if (!to) return false;
    const from = this.#state;
    this.#state = to;
    this.#armTimeout();
    this.#onTransition({ from, to, trigger });
    return true;
  }

  /** Restarts the current state's timeout (called on every message received while CONNECTED). */
  touch(): void {
    this.#armTimeout();
  }

  #armTimeout(): void {
    if (this.#timer !== null) this.#timers.clear(this.#timer);
    this.#timer = null;
    const key = TIMEOUT_OF[this.#state];
    if (key) this.#timer = this.#timers.set(() => this.fire("timeout"), this.#timeouts[key]);
  }
}
