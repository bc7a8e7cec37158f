/**
 * OCP link latency over loopback against the real accessory service:
 * - handshake: TCP connect → HELLO_ACK received (a raw client sends its HELLO on connect), target p99 ≤ 5 ms;
 * - FADER_MOVE: accessory writes the frame → event reaches the in-process bus, target p99 ≤ 1 ms,
 *   with JSON and with MsgPack negotiated.
 * Client and service share one process (and clock); events are sent one at a time. Handshakes are
 * measured with the real bun:sqlite registry and with an in-memory one, to show the storage share.
 */
import { createMessage, createOcpDecoder, encodeOcpFrame } from "../../shared/ocp/mod.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Logger } from "../log/logger.ts";
import { type AccessoryRegistry, startAccessoryService } from "../ocp/accessory_service.ts";
import { ControllerStore } from "../store/store.ts";
import { createAccessoryEventBus } from "../ocp/event_bus.ts";
import { startSimulatedAccessory } from "../ocp/simulator.ts";
import { fmt, percentile, table } from "../../shared/bench/table.ts";

const bus = createAccessoryEventBus();
const identity = {
  role: "controller" as const,
  serial: "MXR-20250701-000123",
  model: "MXR-DJCTRL-v2",
  firmware: "0.1.0",
  features: ["msgpack"],
};
const startService = (registry: AccessoryRegistry) =>
  startAccessoryService({
    identity,
    bus,
    logger: new Logger({ level: "error" }),
    registry,
    listen: { host: "127.0.0.1", port: 0 },
  });
// The real registry (bun:sqlite: trust lookup + "seen" upsert per handshake) and an in-memory one.
const dataDir = mkdtempSync(join(tmpdir(), "mixera-link-bench-"));
const store = new ControllerStore(dataDir);
const service = startService(store);
const memoryService = startService({ isTrusted: () => true, recordSeen: () => {} });
let port = service.tcpAddress!.port;

async function handshakeOnce(): Promise<number> {
  const decoder = createOcpDecoder();
  const hello = encodeOcpFrame(createMessage("HELLO", {
    serial_number: "MXR-20250702-000001",
    model_number: "MXR-FADER-4",
    firmware_version: "1.0.0",
    protocol_version: "1.0",
    feature_flags: ["faders"],
  }));
  const acked = Promise.withResolvers<number>();
  const start = performance.now();
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      open: (s) => void s.write(hello),
      data: (_s, chunk) => {
        for (const r of decoder.push(chunk)) {
          if (r.ok && r.message.type === "HELLO_ACK") acked.resolve(performance.now() - start);
        }
      },
    },
  });
  const ms = await acked.promise;
  socket.end();
  return ms;
}

async function handshakes(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 30; i++) await handshakeOnce();
  for (let i = 0; i < 500; i++) times.push(await handshakeOnce());
  return times.sort((a, b) => a - b);
}
const withStore = await handshakes();
port = memoryService.tcpAddress!.port;
const withMemory = await handshakes();

async function faderLatencies(
  features: string[],
  count: number,
): Promise<{ codec: string; sorted: number[] }> {
  const sim = await startSimulatedAccessory({
    connect: { host: "127.0.0.1", port },
    serial: "MXR-20250702-000002",
    model: "MXR-FADER-4",
    faders: 4,
    features,
    script: [],
  });
  await sim.connected;
  const latencies: number[] = [];
  let sentAt = 0;
  let delivered: (() => void) | null = null;
  const off = bus.on((event) => {
    if (event.type !== "FADER_MOVE") return;
    latencies.push(performance.now() - sentAt);
    delivered?.();
  });
  for (let i = 0; i < count + 500; i++) {
    const done = new Promise<void>((resolve) => (delivered = resolve));
    sentAt = performance.now();
    sim.link.sendEvent({ event: "FADER_MOVE", chan: i % 4, pos: (i % 1000) / 1000 });
    await done;
  }
  off();
  const codec = sim.link.codecName;
  sim.close();
  return { codec, sorted: latencies.slice(500).sort((a, b) => a - b) };
}

const json = await faderLatencies(["faders"], 5_000);
const msgpack = await faderLatencies(["faders", "msgpack"], 5_000);
await service.close();
await memoryService.close();
store.close();
rmSync(dataDir, { recursive: true, force: true });

const row = (label: string, sorted: number[], targetMs: number) => [
  label,
  sorted.length,
  fmt(percentile(sorted, 50), 3),
  fmt(percentile(sorted, 99), 3),
  fmt(sorted.at(-1)!, 3),
  fmt(targetMs, 1),
  `${fmt(percentile(sorted, 99) / targetMs, 3)}× target`,
];
console.log(table(["measure", "samples", "p50 ms", "p99 ms", "max ms", "target p99 ms", "p99 vs target"], [
  row("handshake: connect → HELLO_ACK (bun:sqlite registry)", withStore, 5),
  row("handshake: connect → HELLO_ACK (in-memory registry)", withMemory, 5),
  row(`FADER_MOVE accessory → bus (${json.codec})`, json.sorted, 1),
  row(`FADER_MOVE accessory → bus (${msgpack.codec})`, msgpack.sorted, 1),
]));
