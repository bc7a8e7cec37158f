import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createMessage,
  createOcpDecoder,
  encodeOcpFrame,
  OCP_ERRORS,
  type OcpMessage,
} from "../../shared/ocp/mod.ts";
import { createMemoryLogger } from "../log/logger.ts";
import { type AccessoryService, startAccessoryService } from "./accessory_service.ts";
import { type AccessoryEvent, createAccessoryEventBus } from "./event_bus.ts";
import type { AccessoryAssessment } from "./handshake_policy.ts";
import { OcpLink, OcpLinkError } from "./link.ts";
import { type SimulatedAccessory, type SimulatorOptions, startSimulatedAccessory } from "./simulator.ts";

const TRUSTED = "MXR-20250702-000001";
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startService(extra: Partial<Parameters<typeof startAccessoryService>[0]> = {}) {
  const bus = createAccessoryEventBus();
  const events: AccessoryEvent[] = [];
  bus.on((e) => events.push(e));
  const seen: AccessoryAssessment[] = [];
  const { logger, records } = createMemoryLogger();
  const service = startAccessoryService({
    identity: {
      role: "controller",
      serial: "MXR-20250701-000123",
      model: "MXR-DJCTRL-v2",
      firmware: "0.1.0",
      features: ["msgpack"],
    },
    bus,
    logger,
    registry: { isTrusted: (s) => s === TRUSTED, recordSeen: (a) => seen.push(a) },
    listen: { host: "127.0.0.1", port: 0 },
    ...extra,
  });
  cleanups.push(() => service.close());
  return { service, events, seen, records };
}

async function simulate(service: AccessoryService, options: Partial<SimulatorOptions> = {}) {
  const sim = await startSimulatedAccessory({
    connect: service.tcpAddress!,
    serial: TRUSTED,
    model: "MXR-FADER-4",
    faders: 4,
    script: [],
    ...options,
  });
  cleanups.push(() => sim.close());
  return sim;
}

const until = async (condition: () => boolean) => {
  while (!condition()) await Bun.sleep(2);
};

describe("accessory service over TCP", () => {
  test("a trusted fader board handshakes FULL, its moves reach the bus, and its motors obey", async () => {
    const { service, events, seen } = await startService();
    const sim = await simulate(service, {
      script: [{ at_ms: 0, event: "FADER_MOVE", chan: 3, pos: 0.734 }, {
        at_ms: 1,
        event: "JOG",
        deck: 1,
        delta: -2,
        touch: true,
      }],
    });
    const ack = await sim.connected;
    expect(ack).toMatchObject({ accepted: true, compatibility: "FULL", warnings: [] });
    await sim.scriptDone;
    await until(() => events.length === 2);
    expect(events).toEqual([
      { type: "FADER_MOVE", accessory: TRUSTED, chan: 3, pos: 0.734 },
      { type: "JOG", accessory: TRUSTED, deck: 1, delta: -2, touch: true },
    ]);
    expect(seen[0].serial).toBe(TRUSTED);
    expect(service.accessories()).toMatchObject([{
      serial: TRUSTED,
      state: "CONNECTED",
      compatibility: "FULL",
    }]);
    expect((await service.setFaderPosition(TRUSTED, 2, 0.5)).status).toBe("ACK");
    expect(sim.faders[2]).toBe(0.5);
    expect((await service.setFaderPosition(TRUSTED, 9, 0.5)).status).toBe("NAK");
  });

  test("an unverified board without a serial gets W001+W004, an amber warning, and no motor control", async () => {
    const { service, events, records } = await startService();
    const sim = await simulate(service, {
      serial: null,
      script: [{ at_ms: 0, event: "BUTTON", id: 7, pressed: true }],
    });
    const ack = await sim.connected;
    expect(ack.warnings.map((w) => w.code)).toEqual(["W001", "W004"]);
    expect(ack.enabled_features).not.toContain("motorized_faders");
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ type: "BUTTON", accessory: null, id: "7", pressed: true });
    expect(records.some((r) => r.msg.startsWith("Accessory unverified"))).toBe(true);
    const refusal = await service.setFaderPosition(null, 0, 1).catch((e) => e);
    expect(refusal).toBeInstanceOf(OcpLinkError);
    expect(refusal.envelope.code).toBe(OCP_ERRORS.FEATURE_NOT_ALLOWED);
  });

  test("a protocol major mismatch is accepted with W003", async () => {
    const { service } = await startService();
    const sim = await simulate(service, { protocolVersion: "2.0" });
    expect((await sim.connected).warnings.map((w) => w.code)).toEqual(["W003"]);
  });

  test("a disconnecting accessory is reported and removed", async () => {
    const { service } = await startService();
    const notices: string[] = [];
    service.onNotice((n) => notices.push(n.kind));
    const sim = await simulate(service);
    await sim.connected;
    sim.close();
    await until(() => notices.length === 2);
    expect(notices).toEqual(["connected", "disconnected"]);
    expect(service.accessories()).toEqual([]);
  });
});

describe("outgoing TCP accessories", () => {
  test("the controller dials a board on the network and redials after the board drops the link", async () => {
    const accepted: OcpLink[] = [];
    const board = Bun.listen<{ link: OcpLink }>({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open(socket) {
          const link = new OcpLink({
            identity: {
              role: "accessory",
              serial: TRUSTED,
              model: "MXR-FADER-4",
              firmware: "1.0.0",
              features: ["faders"],
            },
            peerRole: "controller",
            answerHello: () => ({ accepted: true, compatibility: "FULL", warnings: [] }),
          });
          socket.data = { link };
          accepted.push(link);
          link.attach({
            description: "board",
            write: (b) => (socket.write(b), true),
            close: () => socket.end(),
          });
        },
        data: (socket, chunk) => socket.data.link.receive(chunk),
        close: (socket) => socket.data.link.transportClosed(),
      },
    });
    cleanups.push(() => board.stop(true));
    const { service, events } = startService({
      listen: null,
      dial: [{ host: "127.0.0.1", port: board.port }],
      redialInitialMs: 10,
    });
    await until(() => accepted[0]?.state === "CONNECTED");
    accepted[0].sendEvent({ event: "ENCODER", id: "browse", delta: 1 });
    await until(() => events.length === 1);
    expect(events[0]).toEqual({ type: "ENCODER", accessory: TRUSTED, id: "browse", delta: 1 });
    accepted[0].close("board reboot");
    await until(() => accepted.length === 2 && service.accessories().some((a) => a.state === "CONNECTED"));
    expect(accepted[0].state).toBe("DISCONNECTED");
    expect(service.accessories().map((a) => [a.state, a.serial])).toEqual([["CONNECTED", TRUSTED]]);
  });
});

describe("accessory port fuzzing", () => {
  test("random and mutated frames never crash the service or disturb a healthy link", async () => {
    const { service, events } = await startService();
    const healthy = await simulate(service);
    await healthy.connected;
    const valid = [
      encodeOcpFrame(createMessage("HELLO", { firmware_version: "1.0.0", protocol_version: "1.0" })),
      encodeOcpFrame(createMessage("EVENT", { event: "FADER_MOVE", chan: 1, pos: 0.5 })),
    ];
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 40; round++) {
      const bytes: Uint8Array[] = [];
      if (round % 2 === 0) {
        const noise = new Uint8Array(1 + Math.floor(random() * 200));
        for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(random() * 256);
        bytes.push(noise);
      } else {
        for (const frame of valid) {
          const mutated = frame.slice();
          for (let i = 0; i < 3; i++) {
            mutated[Math.floor(random() * mutated.length)] = Math.floor(random() * 256);
          }
          bytes.push(mutated);
        }
      }
      const closed = Promise.withResolvers<void>();
      const socket = await Bun.connect({
        hostname: "127.0.0.1",
        port: service.tcpAddress!.port,
        socket: { data() {}, close: () => closed.resolve(), error: () => closed.resolve() },
      });
      for (const chunk of bytes) socket.write(chunk);
      if (round % 4 === 1) socket.end();
      else setTimeout(() => socket.end(), 5);
      await closed.promise;
    }
    expect(healthy.link.state).toBe("CONNECTED");
    healthy.link.sendEvent({ event: "FADER_MOVE", chan: 0, pos: 1 });
    await until(() => events.some((e) => e.type === "FADER_MOVE" && e.pos === 1));
    const late = await simulate(service, { serial: "MXR-20250703-000002" });
    expect((await late.connected).accepted).toBe(true);
  });

  test("an oversize frame is refused with an error envelope and the link survives", async () => {
    const { service } = await startService({ timing: { maxFrameSize: 1024 } });
    const sim = await simulate(service);
    await sim.connected;
    const replies: unknown[] = [];
    const raw = await Bun.connect({
      hostname: "127.0.0.1",
      port: service.tcpAddress!.port,
      socket: {
        data: (_s, d) => {
          replies.push(d.length);
        },
      },
    });
    cleanups.push(() => raw.end());
    const header = new Uint8Array([0, 0, 0x10, 0]);
    raw.write(header);
    raw.write(new Uint8Array(4096));
    await until(() => replies.length >= 2);
    expect(sim.link.state).toBe("CONNECTED");
  });

  test("a length prefix over the limit gets the error reply and the connection closes at once", async () => {
    const { service } = await startService({ timing: { maxFrameSize: 1024, handshakeTimeoutMs: 60_000 } });
    // Only closing on the refusal (not the minute-long handshake timeout) ends the test in time.
    const decoder = createOcpDecoder();
    const received: OcpMessage[] = [];
    const closed = Promise.withResolvers<void>();
    const raw = await Bun.connect({
      hostname: "127.0.0.1",
      port: service.tcpAddress!.port,
      socket: {
        data: (_s, d) => {
          for (const r of decoder.push(d)) if (r.ok) received.push(r.message);
        },
        close: () => closed.resolve(),
      },
    });
    cleanups.push(() => raw.end());
    raw.write(new Uint8Array([0x7f, 0xff, 0xff, 0xff]));
    await closed.promise;
    const refusal = received.find((m) => m.type === "HELLO_ACK")!;
    expect(refusal.payload).toMatchObject({
      accepted: false,
      error: { code: OCP_ERRORS.FRAME_TOO_LARGE, fatal: true },
    });
  });
});

describe("accessory service over serial (socat pty pair)", () => {
  test(
    "handshakes over a pseudo-terminal, delivers moves, and redials after the port disappears",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "mixera-serial-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const controllerEnd = join(dir, "controller");
      const boardEnd = join(dir, "board");
      const startSocat = async () => {
        const socat = Bun.spawn([
          "socat",
          `pty,raw,echo=0,link=${controllerEnd}`,
          `pty,raw,echo=0,link=${boardEnd}`,
        ], { stderr: "ignore" });
        await until(() => existsSync(controllerEnd) && existsSync(boardEnd));
        return socat;
      };
      let socat = await startSocat();
      cleanups.push(() => socat.kill());
      const { service, events } = await startService({
        listen: null,
        serialPorts: [{ path: controllerEnd, baud: 115200 }],
        redialInitialMs: 20,
      });
      expect(service.endpoints).toEqual([`ocp accessories: serial ${controllerEnd} @ 115200 baud`]);
      let sim: SimulatedAccessory = await startSimulatedAccessory({
        serialDevice: { path: boardEnd, baud: 115200 },
        serial: TRUSTED,
        model: "MXR-FADER-4",
        faders: 4,
        script: [{ at_ms: 0, event: "FADER_MOVE", chan: 0, pos: 0.25 }],
      });
      expect((await sim.connected).compatibility).toBe("FULL");
      await until(() => events.length === 1);
      expect(events[0]).toEqual({ type: "FADER_MOVE", accessory: TRUSTED, chan: 0, pos: 0.25 });

      socat.kill();
      await sim.closed;
      await until(() => service.accessories().every((a) => a.state !== "CONNECTED"));
      socat = await startSocat();
      sim = await startSimulatedAccessory({
        serialDevice: { path: boardEnd, baud: 115200 },
        serial: TRUSTED,
        model: "MXR-FADER-4",
        faders: 4,
        script: [{ at_ms: 0, event: "FADER_MOVE", chan: 1, pos: 0.75 }],
        timing: { handshakeTimeoutMs: 500 },
      });
      cleanups.push(() => sim.close());
      await until(() => events.length === 2);
      expect(events[1]).toEqual({ type: "FADER_MOVE", accessory: TRUSTED, chan: 1, pos: 0.75 });
    },
    20_000,
  );
});
