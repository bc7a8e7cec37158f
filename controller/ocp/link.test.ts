import { describe, expect, test } from "bun:test";
import { jsonCodec } from "../../shared/codecs/mod.ts";
import { encodeLengthPrefixed } from "../../shared/framing/mod.ts";
import { createMessage, encodeOcpFrame, type EventPayload, OCP_ERRORS } from "../../shared/ocp/mod.ts";
import { type LinkIdentity, OcpLink, OcpLinkError, type OcpLinkOptions } from "./link.ts";
import { ManualTimers } from "./timers.ts";
import { recordingTransport, settle, transportPair } from "./testing/transports.ts";

const controllerIdentity: LinkIdentity = {
  role: "controller",
  serial: "MXR-20250701-000123",
  model: "MXR-DJCTRL-v2",
  firmware: "1.3.0",
  features: ["msgpack"],
};
const boardIdentity: LinkIdentity = {
  role: "accessory",
  serial: "MXR-20250702-000001",
  model: "MXR-FADER-4",
  firmware: "1.0.0",
  features: ["faders", "motorized_faders", "msgpack"],
};
const accept = () => ({ accepted: true, compatibility: "FULL" as const, warnings: [] });

function linkedPair(
  controllerOptions: Partial<OcpLinkOptions> = {},
  boardOptions: Partial<OcpLinkOptions> = {},
  pairOptions: Parameters<typeof transportPair>[2] = {},
) {
  const controller: OcpLink = new OcpLink({
    identity: controllerIdentity,
    peerRole: "accessory",
    answerHello: accept,
    ...controllerOptions,
  });
  const board: OcpLink = new OcpLink({
    identity: boardIdentity,
    peerRole: "controller",
    answerHello: accept,
    ...boardOptions,
  });
  const [controllerSide, boardSide] = transportPair(
    (bytes) => controller.receive(bytes),
    (bytes) => board.receive(bytes),
    pairOptions,
  );
  controller.attach(controllerSide);
  board.attach(boardSide);
  return { controller, board };
}

const hello = (payload: Record<string, unknown>) => encodeOcpFrame(createMessage("HELLO", payload));
const validHello = {
  firmware_version: "1.0.0",
  protocol_version: "1.0",
  model_number: "MXR-FADER-4",
  feature_flags: ["motorized_faders"],
};

describe("OCP link", () => {
  test("both sides handshake to CONNECTED and agree on MsgPack when both offer it", async () => {
    const { controller, board } = linkedPair();
    await settle();
    expect(controller.state).toBe("CONNECTED");
    expect(board.state).toBe("CONNECTED");
    expect(controller.peerSerial).toBe("MXR-20250702-000001");
    expect(controller.codecName).toBe("msgpack");
  });

  test("a peer that never offers MsgPack keeps JSON and still works", async () => {
    const events: EventPayload[] = [];
    const { controller, board } = linkedPair({ onEvent: (e) => events.push(e) }, {
      identity: { ...boardIdentity, features: ["faders"] },
    });
    await settle();
    expect(controller.codecName).toBe("json");
    board.sendEvent({ event: "FADER_MOVE", chan: 3, pos: 0.734 });
    await settle();
    expect(events).toEqual([{ event: "FADER_MOVE", chan: 3, pos: 0.734 }]);
  });

  test("a CMD is ACKed, a refused one NAKed, and a retried CMD acts only once", async () => {
    let dropped = 0;
    const applied: number[] = [];
    const { controller } = linkedPair({ commandTimeoutMs: 20 }, {
      onCommand: (cmd) => {
        if (cmd.chan > 7) {
          return { ok: false, error: { code: OCP_ERRORS.FEATURE_NOT_ALLOWED, message: "no", fatal: false } };
        }
        applied.push(cmd.chan);
        return { ok: true };
      },
    }, {
      // Lose the first CMD frame on the way to the board: the controller must retry with the same id.
      dropFromA: (bytes) => Buffer.from(bytes).includes("SET_FADER_POS") && dropped++ === 0,
    });
    await settle();
    expect((await controller.command({ cmd: "SET_FADER_POS", chan: 1, pos: 0.5 })).status).toBe("ACK");
    expect(dropped).toBe(2);
    expect((await controller.command({ cmd: "SET_FADER_POS", chan: 9, pos: 0.5 })).status).toBe("NAK");
    expect(applied).toEqual([1]);
  });

  test("a CMD received twice (its ACK was lost) is acted on once and ACKed twice", () => {
    const { transport, sent } = recordingTransport();
    let moves = 0;
    const board = new OcpLink({
      identity: boardIdentity,
      peerRole: "controller",
      answerHello: accept,
      onCommand: () => (moves++, { ok: true }),
    });
    board.attach(transport);
    board.receive(hello(validHello));
    board.receive(encodeOcpFrame(createMessage("HELLO_ACK", accept())));
    const cmd = encodeOcpFrame(createMessage("CMD", { cmd: "SET_FADER_POS", chan: 0, pos: 0.5 }));
    board.receive(cmd);
    board.receive(cmd);
    expect(moves).toBe(1);
    const acks = sent.filter((m) => m.type === "RESP");
    expect(acks.map((m) => m.payload)).toEqual([acks[0].payload, acks[0].payload]);
    expect(acks[0].payload).toMatchObject({ status: "ACK" });
  });

  test("a motor command is refused locally when the handshake did not enable motorized_faders", async () => {
    const { controller } = linkedPair({}, { identity: { ...boardIdentity, features: ["faders"] } });
    await settle();
    const refusal = await controller.command({ cmd: "SET_FADER_POS", chan: 0, pos: 1 }).catch((e) => e);
    expect(refusal.envelope.code).toBe(OCP_ERRORS.FEATURE_NOT_ALLOWED);
  });

  test("a CMD nobody answers is retried, then rejected with TIMEOUT", async () => {
    const timers = new ManualTimers();
    const { transport, sent } = recordingTransport();
    const link = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      timers,
    });
    link.attach(transport);
    link.receive(hello(validHello));
    link.receive(encodeOcpFrame(createMessage("HELLO_ACK", accept())));
    expect(link.state).toBe("CONNECTED");
    const outcome = link.command({ cmd: "SET_FADER_POS", chan: 0, pos: 1 }).catch((e) => e);
    timers.advance(500 * 4);
    const error = await outcome;
    expect(error).toBeInstanceOf(OcpLinkError);
    expect(error.envelope.code).toBe(OCP_ERRORS.TIMEOUT);
    const cmds = sent.filter((m) => m.type === "CMD");
    expect(cmds).toHaveLength(4);
    expect(new Set(cmds.map((m) => m.id)).size).toBe(1);
  });

  test("REQ/RESP are matched by id; an unanswered REQ times out", async () => {
    const { controller } = linkedPair({ commandTimeoutMs: 20 }, {
      onRequest: (r) => (r.req === "GET_FIRMWARE" ? { firmware: "1.0.0" } : undefined),
    });
    await settle();
    const [a, b] = await Promise.all([
      controller.request({ req: "GET_FIRMWARE" }),
      controller.request({ req: "GET_FIRMWARE" }),
    ]);
    expect(a).toEqual({ firmware: "1.0.0" });
    expect(b).toEqual(a);
    expect(controller.request({ req: "GET_STATE" })).rejects.toBeInstanceOf(OcpLinkError);
    const timers = new ManualTimers();
    const { transport } = recordingTransport();
    const lonely = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      timers,
    });
    lonely.attach(transport);
    lonely.receive(hello(validHello));
    lonely.receive(encodeOcpFrame(createMessage("HELLO_ACK", accept())));
    const pending = lonely.request({ req: "GET_FIRMWARE" }, 100).catch((e) => e.envelope.code);
    timers.advance(100);
    expect(await pending).toBe(OCP_ERRORS.TIMEOUT);
  });

  test("sends heartbeats and declares a silent peer lost after the missed-heartbeat window", async () => {
    const timers = new ManualTimers();
    const { transport, sent, isClosed } = recordingTransport();
    let reason = "";
    const link = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      timers,
      heartbeatIntervalMs: 1_000,
      missedHeartbeats: 3,
      onClosed: (r) => (reason = r),
    });
    link.attach(transport);
    link.receive(hello(validHello));
    link.receive(encodeOcpFrame(createMessage("HELLO_ACK", accept())));
    timers.advance(2_500);
    link.receive(encodeOcpFrame(createMessage("HEARTBEAT", { seq: 0 })));
    timers.advance(2_900);
    expect(link.state).toBe("CONNECTED");
    expect(sent.filter((m) => m.type === "HEARTBEAT").length).toBe(5);
    timers.advance(100);
    await settle();
    expect(link.state).toBe("DISCONNECTED");
    expect(reason).toBe("peer lost (missed heartbeats)");
    expect(isClosed()).toBe(true);
  });

  test("a handshake that never completes times out", async () => {
    const timers = new ManualTimers();
    const { transport, isClosed } = recordingTransport();
    const link = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      timers,
      handshakeTimeoutMs: 300,
    });
    link.attach(transport);
    timers.advance(300);
    await settle();
    expect(link.state).toBe("DISCONNECTED");
    expect(link.closeReason).toBe("handshake timed out");
    expect(isClosed()).toBe(true);
  });

  test("bytes that arrive before attach are replayed after our HELLO, within a bound", () => {
    const { transport, sent } = recordingTransport();
    const link = new OcpLink({ identity: controllerIdentity, peerRole: "accessory", answerHello: accept });
    link.beginConnect();
    link.receive(hello(validHello));
    link.attach(transport);
    expect(sent.map((m) => m.type)).toEqual(["HELLO", "HELLO_ACK"]);

    const flooded = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      maxFrameSize: 1024,
    });
    flooded.beginConnect();
    flooded.receive(new Uint8Array(3000));
    expect(flooded.state).toBe("DISCONNECTED");
  });

  test("a dial that never opens times out of CONNECTING", async () => {
    const timers = new ManualTimers();
    const link = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      timers,
      connectTimeoutMs: 50,
    });
    link.beginConnect();
    expect(link.state).toBe("CONNECTING");
    timers.advance(50);
    await settle();
    expect(link.state).toBe("DISCONNECTED");
  });

  test("a malformed HELLO gets an error envelope; a repeated one a clean disconnect", () => {
    const { transport, sent, isClosed } = recordingTransport();
    const link = new OcpLink({ identity: controllerIdentity, peerRole: "accessory", answerHello: accept });
    link.attach(transport);
    link.receive(encodeLengthPrefixed(new TextEncoder().encode("{not json")));
    const first = sent.at(-1)!;
    expect(first.type).toBe("HELLO_ACK");
    expect(first.payload).toMatchObject({
      accepted: false,
      error: { code: OCP_ERRORS.MALFORMED_FRAME, fatal: false },
    });
    expect(link.state).toBe("HANDSHAKE");
    link.receive(hello({ protocol_version: "1.0" }));
    expect(sent.at(-1)!.payload).toMatchObject({
      accepted: false,
      error: { code: OCP_ERRORS.INVALID_HELLO, fatal: true },
    });
    expect(link.state).toBe("DISCONNECTED");
    expect(isClosed()).toBe(true);
  });

  test("garbage on a connected link: error envelope, ERROR → RECOVERY → CONNECTED; repeated garbage disconnects", () => {
    const { transport, sent } = recordingTransport();
    const states: string[] = [];
    const link = new OcpLink({
      identity: controllerIdentity,
      peerRole: "accessory",
      answerHello: accept,
      onTransition: (t) => states.push(t.to),
    });
    link.attach(transport);
    link.receive(hello(validHello));
    link.receive(encodeOcpFrame(createMessage("HELLO_ACK", accept())));
    link.receive(encodeLengthPrefixed(jsonCodec.encode({ type: "WHAT" })));
    expect(sent.at(-1)!.payload).toMatchObject({
      status: "ERROR",
      error: { code: OCP_ERRORS.UNKNOWN_MESSAGE_TYPE },
    });
    expect(link.state).toBe("RECOVERY");
    link.receive(encodeOcpFrame(createMessage("HEARTBEAT", {})));
    expect(link.state).toBe("CONNECTED");
    expect(states.slice(-3)).toEqual(["ERROR", "RECOVERY", "CONNECTED"]);
    for (let i = 0; i < 5; i++) link.receive(new Uint8Array([0, 0, 0, 1, 0xc1]));
    expect(sent.at(-1)!.payload).toMatchObject({ error: { code: OCP_ERRORS.TOO_MANY_ERRORS, fatal: true } });
    expect(link.state).toBe("DISCONNECTED");
  });

  test("a message before the handshake completes is refused with HANDSHAKE_REQUIRED", () => {
    const { transport, sent } = recordingTransport();
    const link = new OcpLink({ identity: controllerIdentity, peerRole: "accessory", answerHello: accept });
    link.attach(transport);
    link.receive(hello(validHello));
    link.receive(encodeOcpFrame(createMessage("EVENT", { event: "FADER_MOVE", chan: 1, pos: 0 })));
    expect(sent.at(-1)!.payload).toMatchObject({
      status: "ERROR",
      error: { code: OCP_ERRORS.HANDSHAKE_REQUIRED },
    });
  });

  test("a peer that stops reading is dropped", async () => {
    let accepting = true;
    const { transport } = recordingTransport({ accepting: () => accepting });
    const link = new OcpLink({ identity: controllerIdentity, peerRole: "accessory", answerHello: accept });
    link.attach(transport);
    link.receive(hello(validHello));
    link.receive(encodeOcpFrame(createMessage("HELLO_ACK", accept())));
    accepting = false;
    link.sendEvent({ event: "BUTTON", id: 1, pressed: true });
    await settle();
    expect(link.state).toBe("DISCONNECTED");
    expect(link.closeReason).toBe("peer stopped reading");
  });
});
