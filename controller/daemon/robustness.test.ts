import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import fc from "fast-check";
import { connect, type Socket } from "node:net";
import { encodeUbjson, frameUbjson } from "../../shared/ubjson/mod.ts";
import type { MixerDaemon } from "./mod.ts";
import { TcpTestClient, WsTestClient } from "./testing/clients.ts";
import { startTestDaemon } from "./testing/daemon.ts";

let daemon: MixerDaemon;
let records: { msg: string; [k: string]: unknown }[];
beforeAll(async () => {
  ({ daemon, records } = await startTestDaemon({ maxOutputBytes: 256 * 1024 }));
});
afterAll(() => daemon.close());

async function alive(): Promise<void> {
  const client = await TcpTestClient.connect(daemon.ports.text);
  expect(await client.request("get /ping")).toEqual({ path: "/ping", data: true });
  client.close();
}

function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.on("error", reject);
  });
}

describe("limits", () => {
  it("refuses a message over 1 MiB with an error, closes that connection only", async () => {
    const victim = await TcpTestClient.connect(daemon.ports.text);
    const bystander = await TcpTestClient.connect(daemon.ports.text);
    victim.sendBytes(new Uint8Array(1024 * 1024 + 10).fill(0x61));
    expect((await victim.next()).error).toMatch(/exceeds 1048576 bytes/);
    await victim.inbox.whenClosed();
    expect(await bystander.request("get /ping")).toEqual({ path: "/ping", data: true });
    bystander.close();
  });

  it("a bogus UBJSON length gets an error and a close instead of a stall", async () => {
    const client = await TcpTestClient.connect(daemon.ports.ubjson);
    client.sendBytes(new Uint8Array([0x55, 0x42, 0x4a, 0x53, 0xff, 0xff, 0xff, 0xff]));
    expect((await client.next()).error).toMatch(/UBJSON frame of 4294967295 bytes/);
    await client.inbox.whenClosed();
  });

  it("disconnects (and logs) a subscriber that stops reading, while others keep receiving", async () => {
    const slow = await rawSocket(daemon.ports.text);
    slow.write("subscribe /devices/0/inputs/0\0");
    slow.pause();
    const reader = await TcpTestClient.connect(daemon.ports.text);
    await reader.request("subscribe /devices/0/inputs/0/Name/value");
    const writer = await TcpTestClient.connect(daemon.ports.text);
    const long = "x".repeat(4000);
    const total = 4000; // 16 MB of notifications: far past kernel buffers and the 256 KiB bound
    for (let i = 0; i < total; i += 100) {
      writer.send(
        Array.from({ length: 100 }, (_, k) => `set /devices/0/inputs/0/Name/value ${long}${i + k}`).join(
          "\0",
        ),
      );
      await Bun.sleep(0);
    }
    let last: unknown;
    while (last !== `${long}${total - 1}`) last = (await reader.next()).data;
    // The paused socket cannot see the FIN; the daemon's side tells.
    expect(records.some((r) => r.msg === "client not reading, disconnected")).toBe(true);
    expect(daemon.connections().text).toBe(2);
    slow.destroy();
    reader.close();
    writer.close();
  });

  it("disconnects a WebSocket client that stops reading", async () => {
    const socket = await rawSocket(daemon.ports.ws);
    socket.write(
      "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    await new Promise((resolve) => socket.once("data", resolve));
    const payload = new TextEncoder().encode("subscribe /devices/0/inputs/1");
    const mask = [1, 2, 3, 4];
    socket.write(
      new Uint8Array([0x81, 0x80 | payload.length, ...mask, ...payload.map((b, i) => b ^ mask[i % 4])]),
    );
    socket.pause();
    const before = records.filter((r) => r.msg === "client not reading, disconnected").length;
    const writer = await TcpTestClient.connect(daemon.ports.text);
    await writer.request("subscribe /devices/0/inputs/1/Name/value");
    const long = "y".repeat(4000);
    for (let i = 0; i < 4000; i += 100) {
      writer.send(
        Array.from({ length: 100 }, (_, k) => `set /devices/0/inputs/1/Name/value ${long}${i + k}`).join(
          "\0",
        ),
      );
      await Bun.sleep(0);
    }
    let last: unknown;
    while (last !== `${long}3999`) last = (await writer.next()).data;
    expect(records.filter((r) => r.msg === "client not reading, disconnected").length).toBe(before + 1);
    expect(daemon.connections().ws).toBe(0);
    socket.destroy();
    writer.close();
  });

  it("shrugs off connect-and-close sweeps", async () => {
    for (let i = 0; i < 50; i++) (await rawSocket(daemon.ports.text)).destroy();
    for (let i = 0; i < 20; i++) (await rawSocket(daemon.ports.ws)).destroy();
    await alive();
  });
});

describe("fuzzing over real sockets", () => {
  const pieces = fc.constantFrom(
    "get ",
    "set ",
    "subscribe ",
    "unsubscribe ",
    "post ",
    "/devices/0/inputs/0/",
    "Gain",
    "/value",
    "?",
    "recursive=1",
    "&",
    "propfilter=",
    "message_id=",
    "%",
    " ",
    "{",
    '"paths":',
    "[",
    "]",
    '"',
    "nan",
    "1e9",
    "\0",
    "UBJS",
    "\xff",
  );
  const message = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.array(pieces, { maxLength: 25 }).map((p) => new TextEncoder().encode(p.join(""))),
    fc.jsonValue({ maxDepth: 3 }).map((v) => frameUbjson(encodeUbjson(v))),
  );

  it("random text, batch JSON and UBJSON on both TCP ports never take the daemon down", async () => {
    const samples = fc.sample(fc.array(message, { minLength: 1, maxLength: 5 }), 60);
    for (const [i, chunks] of samples.entries()) {
      const socket = await rawSocket(i % 2 ? daemon.ports.ubjson : daemon.ports.text);
      socket.on("error", () => {});
      for (const chunk of chunks) socket.write(chunk);
      socket.write("\0");
      await Bun.sleep(1);
      socket.destroy();
    }
    await alive();
  });

  it("random WebSocket messages and raw frame bytes never take the daemon down", async () => {
    const ws = await WsTestClient.connect(daemon.ports.ws);
    for (const chunks of fc.sample(fc.array(message, { maxLength: 4 }), 40)) {
      for (const chunk of chunks) ws.send(chunk);
    }
    for (const bytes of fc.sample(fc.uint8Array({ minLength: 1, maxLength: 200 }), 30)) {
      const socket = await rawSocket(daemon.ports.ws);
      socket.on("error", () => {});
      socket.write(
        "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      );
      await new Promise((resolve) => socket.once("data", resolve));
      socket.write(bytes);
      await Bun.sleep(1);
      socket.destroy();
    }
    const fresh = await WsTestClient.connect(daemon.ports.ws);
    expect((await fresh.request("get /ping")).data).toBe(true);
    fresh.close();
    ws.close();
    await alive();
  });
});
