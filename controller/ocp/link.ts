/**
 * @module
 * One OCP link over one byte transport (a TCP socket or a serial port): handshake, heartbeats,
 * CMD with ACK/NAK and retries, REQ/RESP matched by id, events, and error envelopes for every bad
 * input. The controller and the accessory simulator both use it; what differs is passed in
 * (identity, how to answer a HELLO, what to do with events, commands and requests).
 */
import { jsonCodec, MSGPACK_FEATURE, negotiateCodec, type PayloadCodec } from "../../shared/codecs/mod.ts";
import { DEFAULT_MAX_FRAME_SIZE } from "../../shared/framing/mod.ts";
import {
  type CmdPayload,
  createMessage,
  createOcpDecoder,
  CRITICAL_COMMAND_FEATURES,
  encodeOcpFrame,
  type ErrorEnvelope,
  type EventPayload,
  type HelloAckPayload,
  type HelloPayload,
  OCP_ERRORS,
  OCP_PROTOCOL_VERSION,
  type OcpDecoder,
  type OcpEndpoint,
  ocpError,
  type OcpMessage,
  type OcpMessageType,
  type OcpRole,
  type ReqPayload,
  type RespPayload,
} from "../../shared/ocp/mod.ts";
import type { Logger } from "../log/logger.ts";
import { type LinkState, LinkStateMachine, type LinkTrigger, type Transition } from "./state_machine.ts";
import { realTimers, type Timers } from "./timers.ts";

/** The byte pipe under a link. */
export interface LinkTransport {
  /** Queues bytes; returns false when the outgoing backlog is over its limit (the peer stopped reading). */
  write(bytes: Uint8Array): boolean;
  /** Flushes what is queued, then closes. */
  close(): void;
  readonly description: string;
}

export interface LinkIdentity {
  role: OcpRole;
  serial?: string;
  model?: string;
  firmware: string;
  protocolVersion?: string;
  features: string[];
}

export type CommandOutcome = { ok: true } | { ok: false; error: ErrorEnvelope };

export interface OcpLinkOptions {
  identity: LinkIdentity;
  peerRole: OcpRole;
  /** Decides the HELLO_ACK for the peer's (well-formed) HELLO. */
  answerHello: (hello: HelloPayload, from: OcpEndpoint | undefined) => HelloAckPayload;
  onEvent?: (event: EventPayload, link: OcpLink) => void;
  onCommand?: (command: CmdPayload, link: OcpLink) => CommandOutcome;
  onRequest?: (request: ReqPayload, link: OcpLink) => unknown;
  onConnected?: (link: OcpLink) => void;
  onTransition?: (transition: Transition, link: OcpLink) => void;
  onClosed?: (reason: string, link: OcpLink) => void;
  heartbeatIntervalMs?: number;
  /** Heartbeat intervals of silence after which the peer is declared lost. */
  missedHeartbeats?: number;
  connectTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  commandTimeoutMs?: number;
  commandRetries?: number;
  requestTimeoutMs?: number;
  maxFrameSize?: number;
  /** Bad frames in a row (without a good one between) before the link is dropped. */
  maxConsecutiveErrors?: number;
  timers?: Timers;
  logger?: Logger;
}

interface PendingReply {
  resolve: (payload: RespPayload) => void;
  reject: (error: Error) => void;
  timer: unknown;
}

/** Thrown (as a rejection) by {@link OcpLink.command} and {@link OcpLink.request}. */
export class OcpLinkError extends Error {
  constructor(readonly envelope: ErrorEnvelope) {
    super(envelope.message);
  }
}

const MAX_HANDSHAKE_ERRORS = 2;
const REMEMBERED_COMMANDS = 64;

export class OcpLink {
  readonly machine: LinkStateMachine;
  /** The peer's HELLO, once received. */
  peerHello: HelloPayload | null = null;
  peerEndpoint: OcpEndpoint | undefined;
  /** Our answer to the peer's HELLO. */
  sentAck: HelloAckPayload | null = null;
  /** The peer's answer to our HELLO. */
  receivedAck: HelloAckPayload | null = null;
  closeReason: string | null = null;

  #options: OcpLinkOptions;
  #transport: LinkTransport | null = null;
  #decoder: OcpDecoder;
  #codec: PayloadCodec = jsonCodec;
  #timers: Timers;
  #heartbeatTimer: unknown = null;
  #heartbeatSeq = 0;
  #consecutiveErrors = 0;
  #handshakeErrors = 0;
  #pending = new Map<string, PendingReply>();
  #answeredCommands = new Map<string, RespPayload>();
  #early: Uint8Array[] = [];
  #maxFrameSize: number;

  constructor(options: OcpLinkOptions) {
    this.#options = options;
    this.#timers = options.timers ?? realTimers;
    const heartbeat = options.heartbeatIntervalMs ?? 10_000;
    const liveness = heartbeat * (options.missedHeartbeats ?? 3);
    this.machine = new LinkStateMachine({
      timers: this.#timers,
      timeouts: {
        connectMs: options.connectTimeoutMs ?? 5_000,
        handshakeMs: options.handshakeTimeoutMs ?? 5_000,
        livenessMs: liveness,
        errorMs: 1_000,
        recoveryMs: liveness,
      },
      onTransition: (t) => this.#onTransition(t),
    });
    const acceptsMsgpack = options.identity.features.includes(MSGPACK_FEATURE);
    this.#maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    this.#decoder = createOcpDecoder({
      maxFrameSize: this.#maxFrameSize,
      acceptMsgpack: () => acceptsMsgpack,
    });
  }

  get state(): LinkState {
    return this.machine.state;
  }

  get codecName(): string {
    return this.#codec.name;
  }

  get description(): string {
    return this.#transport?.description ?? "(no transport)";
  }

  /** The peer's serial from its HELLO (payload or envelope), or null. */
  get peerSerial(): string | null {
    return this.peerHello?.serial_number ?? this.peerEndpoint?.serial ?? null;
  }

  /** Features both sides agreed to use: what our HELLO_ACK enabled for the peer. */
  get enabledFeatures(): string[] {
    return this.sentAck?.enabled_features ?? this.peerHello?.feature_flags ?? [];
  }

  /** Marks the start of an outgoing dial (CONNECTING, with its timeout). */
  beginConnect(): void {
    this.machine.fire("connect");
  }

  /** The transport is open: the handshake starts with our HELLO. */
  attach(transport: LinkTransport): void {
    if (this.state === "DISCONNECTED") this.machine.fire("connect");
    this.#transport = transport;
    if (!this.machine.fire("transport_open")) return;
    const { identity } = this.#options;
    this.#send("HELLO", {
      ...(identity.serial ? { serial_number: identity.serial } : {}),
      ...(identity.model ? { model_number: identity.model } : {}),
      firmware_version: identity.firmware,
      protocol_version: identity.protocolVersion ?? OCP_PROTOCOL_VERSION,
      feature_flags: identity.features,
    });
    for (const chunk of this.#early.splice(0)) this.receive(chunk);
  }

  receive(chunk: Uint8Array): void {
    if (this.state === "DISCONNECTED") return;
    if (this.state === "CONNECTING") {
      // Bytes can beat `attach` (a peer that greets first): keep them for when our HELLO has gone out.
      this.#early.push(chunk.slice());
      const held = this.#early.reduce((n, c) => n + c.length, 0);
      if (held > this.#maxFrameSize * 2) this.#fail("too much data before the handshake");
      return;
    }
    for (const result of this.#decoder.push(chunk)) {
      if (this.#isClosed()) return;
      if (result.ok) this.#handle(result.message);
      else this.#protocolError(result.error, result.id, result.type);
    }
  }

  /** The transport went away underneath us. */
  transportClosed(): void {
    this.#transport = null;
    this.#fail("transport closed");
  }

  sendEvent(event: EventPayload): boolean {
    if (this.state !== "CONNECTED" && this.state !== "RECOVERY") return false;
    return this.#send("EVENT", event);
  }

  /**
   * Sends a CMD and resolves with the peer's ACK or NAK; retries with the same id, then rejects with
   * TIMEOUT. A command that moves hardware is refused unless the handshake enabled its feature.
   */
  command(command: CmdPayload): Promise<RespPayload> {
    const feature = CRITICAL_COMMAND_FEATURES[command.cmd];
    if (!this.enabledFeatures.includes(feature)) {
      return Promise.reject(
        new OcpLinkError(
          ocpError("FEATURE_NOT_ALLOWED", `${command.cmd} needs ${feature}, not enabled on this link`),
        ),
      );
    }
    const id = crypto.randomUUID();
    const retries = this.#options.commandRetries ?? 3;
    const timeoutMs = this.#options.commandTimeoutMs ?? 500;
    let attempts = 0;
    return new Promise<RespPayload>((resolve, reject) => {
      const attempt = () => {
        if (!this.#isOpen()) {
          return reject(new OcpLinkError(ocpError("HANDSHAKE_REQUIRED", "link is not connected")));
        }
        attempts++;
        const timer = this.#timers.set(() => {
          this.#pending.delete(id);
          if (attempts <= retries) attempt();
          else reject(new OcpLinkError(ocpError("TIMEOUT", `no ACK after ${attempts} attempts`)));
        }, timeoutMs);
        this.#pending.set(id, { resolve, reject, timer });
        this.#send("CMD", command, id);
      };
      attempt();
    });
  }

  /** Sends a REQ and resolves with the RESP `result`; rejects on ERROR status or timeout. */
  request(request: ReqPayload, timeoutMs = this.#options.requestTimeoutMs ?? 2_000): Promise<unknown> {
    const id = crypto.randomUUID();
    return new Promise<unknown>((resolve, reject) => {
      if (!this.#isOpen()) {
        return reject(new OcpLinkError(ocpError("HANDSHAKE_REQUIRED", "link is not connected")));
      }
      const timer = this.#timers.set(() => {
        this.#pending.delete(id);
        reject(new OcpLinkError(ocpError("TIMEOUT", `no response to ${request.req} within ${timeoutMs} ms`)));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (payload) =>
          payload.status === "OK"
            ? resolve(payload.result)
            : reject(new OcpLinkError(payload.error ?? ocpError("INVALID_MESSAGE", "request failed"))),
        reject,
        timer,
      });
      this.#send("REQ", request, id);
    });
  }

  close(reason = "closed"): void {
    if (this.state === "DISCONNECTED") return;
    this.closeReason ??= reason;
    this.machine.fire("close");
  }

  #isClosed(): boolean {
    return this.machine.state === "DISCONNECTED";
  }

  #isOpen(): boolean {
    return this.state === "CONNECTED" || this.state === "RECOVERY";
  }

  #handle(message: OcpMessage): void {
    this.#consecutiveErrors = 0;
    if (this.state === "CONNECTED") this.machine.touch();
    if (this.state === "RECOVERY") this.machine.fire("recovered");
    switch (message.type) {
      case "HELLO":
        return this.#onHello(message.payload, message.from);
      case "HELLO_ACK":
        return this.#onHelloAck(message.payload);
      case "HEARTBEAT":
        return;
      case "RESP":
        return this.#onResp(message.payload);
    }
    if (this.state === "HANDSHAKE") {
      return this.#protocolError(
        ocpError("HANDSHAKE_REQUIRED", `${message.type} before HELLO_ACK`),
        message.id,
      );
    }
    switch (message.type) {
      case "EVENT":
        this.#options.onEvent?.(message.payload, this);
        return;
      case "CMD":
        return this.#onCmd(message.id, message.payload);
      case "REQ":
        return this.#onReq(message.id, message.payload);
      default:
        this.#options.logger?.debug("ocp", "ignored message", { type: message.type, link: this.description });
    }
  }

  #onHello(hello: HelloPayload, from: OcpEndpoint | undefined): void {
    this.peerHello = hello;
    this.peerEndpoint = from;
    this.sentAck = this.#options.answerHello(hello, from);
    this.#send("HELLO_ACK", this.sentAck);
    if (!this.sentAck.accepted) return this.#fail("peer HELLO refused", "handshake_failed");
    this.#codec = negotiateCodec(this.#options.identity.features, hello.feature_flags);
    this.#maybeHandshakeDone();
  }

  #onHelloAck(ack: HelloAckPayload): void {
    this.receivedAck = ack;
    if (!ack.accepted) {
      return this.#fail(
        `peer refused our HELLO: ${ack.error?.message ?? "not accepted"}`,
        "handshake_failed",
      );
    }
    this.#maybeHandshakeDone();
  }

  #maybeHandshakeDone(): void {
    if (this.state !== "HANDSHAKE" || !this.sentAck?.accepted || !this.receivedAck?.accepted) return;
    this.machine.fire("handshake_ok");
  }

  #onResp(resp: RespPayload): void {
    if (!resp.reply_to) {
      this.#options.logger?.warn("ocp", "peer reported an error", {
        error: resp.error,
        link: this.description,
      });
      return;
    }
    const pending = this.#pending.get(resp.reply_to);
    if (!pending) return;
    this.#pending.delete(resp.reply_to);
    this.#timers.clear(pending.timer);
    pending.resolve(resp);
  }

  #onCmd(id: string, command: CmdPayload): void {
    // A retry reuses the id: answer it again without acting twice (a motor must not move twice).
    const earlier = this.#answeredCommands.get(id);
    if (earlier) return void this.#send("RESP", earlier);
    const outcome = this.#options.onCommand?.(command, this) ??
      { ok: false, error: ocpError("UNKNOWN_COMMAND", command.cmd) };
    const reply: RespPayload = outcome.ok
      ? { reply_to: id, status: "ACK" }
      : { reply_to: id, status: "NAK", error: outcome.error };
    this.#answeredCommands.set(id, reply);
    if (this.#answeredCommands.size > REMEMBERED_COMMANDS) {
      this.#answeredCommands.delete(this.#answeredCommands.keys().next().value!);
    }
    this.#send("RESP", reply);
  }

  #onReq(id: string, request: ReqPayload): void {
    try {
      const result = this.#options.onRequest?.(request, this);
      if (result === undefined) {
        this.#send("RESP", {
          reply_to: id,
          status: "ERROR",
          error: ocpError("UNKNOWN_COMMAND", request.req),
        });
      } else this.#send("RESP", { reply_to: id, status: "OK", result });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.#send("RESP", { reply_to: id, status: "ERROR", error: ocpError("INVALID_MESSAGE", detail) });
    }
  }

  #protocolError(error: ErrorEnvelope, replyTo?: string, type?: OcpMessageType): void {
    this.#consecutiveErrors++;
    this.#options.logger?.warn("ocp", "protocol error", { error, link: this.description });
    if (error.code === OCP_ERRORS.FRAME_TOO_LARGE) return this.#refuseOversizeFrame(error);
    if (this.state === "HANDSHAKE" && (!this.peerHello || type === "HELLO")) {
      // Whatever arrives instead of a valid HELLO is a malformed HELLO: refuse it, and drop a peer that repeats.
      this.#handshakeErrors++;
      const fatal = this.#handshakeErrors >= MAX_HANDSHAKE_ERRORS;
      const refusal = fatal ? ocpError("INVALID_HELLO", error.message, true) : error;
      this.#send("HELLO_ACK", { accepted: false, compatibility: "UNKNOWN", warnings: [], error: refusal });
      if (fatal) this.#fail("repeated malformed HELLO", "handshake_failed");
      return;
    }
    const fatal = this.#consecutiveErrors >= (this.#options.maxConsecutiveErrors ?? 5);
    const envelope = fatal ? ocpError("TOO_MANY_ERRORS", error.message, true) : error;
    this.#send("RESP", { ...(replyTo ? { reply_to: replyTo } : {}), status: "ERROR", error: envelope });
    if (fatal) return this.#fail("too many protocol errors");
    // On an established link a bad frame is recoverable (the framing has already resynchronised):
    // ERROR → RECOVERY, and the next valid message brings the link back to CONNECTED.
    if (this.state === "CONNECTED" && this.machine.fire("fault")) this.machine.fire("recover");
  }

  /**
   * A length prefix over the limit: the declared bytes are not worth waiting for (a peer out of step
   * sends garbage as a length), so the error reply goes out and the link closes at once.
   */
  #refuseOversizeFrame(error: ErrorEnvelope): void {
    const envelope = { ...error, fatal: true };
    if (this.state === "HANDSHAKE" && !this.peerHello) {
      this.#send("HELLO_ACK", { accepted: false, compatibility: "UNKNOWN", warnings: [], error: envelope });
    } else this.#send("RESP", { status: "ERROR", error: envelope });
    this.#fail("frame over the size limit");
  }

  /** Leaves for DISCONNECTED through ERROR, recording why. */
  #fail(reason: string, trigger: LinkTrigger = "fault"): void {
    if (this.state === "DISCONNECTED") return;
    this.closeReason ??= reason;
    if (!this.machine.fire(trigger)) this.machine.fire("fault");
    if (!this.#isClosed()) this.machine.fire("give_up");
  }

  #onTransition(transition: Transition): void {
    const { to, from, trigger } = transition;
    this.#options.logger?.debug("ocp", "link state", { from, to, trigger, link: this.description });
    if (to === "ERROR" && trigger === "timeout") {
      this.closeReason ??= from === "CONNECTED"
        ? "peer lost (missed heartbeats)"
        : `${from.toLowerCase()} timed out`;
      // Nothing to recover from a timeout: the peer is gone or never answered.
      queueMicrotask(() => this.machine.state === "ERROR" && this.machine.fire("give_up"));
    }
    this.#options.onTransition?.(transition, this);
    if (to === "CONNECTED" && from === "HANDSHAKE") {
      this.#scheduleHeartbeat();
      this.#options.onConnected?.(this);
    }
    if (to === "DISCONNECTED") this.#teardown();
  }

  #scheduleHeartbeat(): void {
    this.#heartbeatTimer = this.#timers.set(() => {
      if (!this.#isOpen()) return;
      this.#send("HEARTBEAT", { seq: this.#heartbeatSeq++ });
      this.#scheduleHeartbeat();
    }, this.#options.heartbeatIntervalMs ?? 10_000);
  }

  #teardown(): void {
    if (this.#heartbeatTimer !== null) this.#timers.clear(this.#heartbeatTimer);
    for (const pending of this.#pending.values()) {
      this.#timers.clear(pending.timer);
      pending.reject(new OcpLinkError(ocpError("HANDSHAKE_REQUIRED", `link closed: ${this.closeReason}`)));
    }
    this.#pending.clear();
    this.closeReason ??= "closed";
    this.#transport?.close();
    this.#transport = null;
    this.#options.onClosed?.(this.closeReason, this);
  }

  #send(type: OcpMessageType, payload: Record<string, unknown>, id?: string): boolean {
    const transport = this.#transport;
    if (!transport) return false;
    const { identity, peerRole } = this.#options;
    const serial = this.peerSerial;
    const message = createMessage(type, payload, {
      id,
      from: identity.serial ? { role: identity.role, serial: identity.serial } : { role: identity.role },
      to: serial ? { role: peerRole, serial } : { role: peerRole },
    });
    const codec = type === "HELLO" || type === "HELLO_ACK" ? jsonCodec : this.#codec;
    if (transport.write(encodeOcpFrame(message, codec))) return true;
    this.closeReason ??= "peer stopped reading";
    queueMicrotask(() => this.#fail("peer stopped reading"));
    return false;
  }
}
