import { afterEach, describe, expect, it } from "bun:test";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { connect as connectNet } from "node:net";
import { networkInterfaces } from "node:os";
import { createMemoryLogger } from "../log/logger.ts";
import { connectApiClient } from "./api_client.ts";
import { createClientHub } from "./client_hub.ts";
import { createEngineDouble } from "./testing/engine_double.ts";
import { deckStatusEvent } from "./events.ts";
import { type EngineApi, startEngineApi } from "./mod.ts";
import { startTcpApi } from "./tcp_server.ts";
import { findSocketFd, readSocketOption, SOCKET_BUFFER_BYTES, socketBufferSizes } from "./socket_buffers.ts";
import { isAllowedOrigin } from "../net/origin.ts";
import { pageOrigins, startWsBridge } from "./ws_bridge.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startApi(allowedOrigins: string[] = []) {
  const engine = createEngineDouble();
  const { logger, records } = createMemoryLogger();
  const api: EngineApi = await startEngineApi({ engine, logger, port: 0, wsPort: 0, allowedOrigins });
  cleanups.push(() => api.close());
  return { engine, api, records };
}

async function client(port: number) {
  const c = await connectApiClient(port);
  cleanups.push(() => c.close());
  return c;
}

describe("engine API over TCP (protocol, engine double)", () => {
  it("listens on 127.0.0.1 and answers ping with pong", async () => {
    const { api } = await startApi();
    const listening = (port: number) =>
      readFileSync("/proc/net/tcp", "utf8").split("\n").map((row) => row.trim().split(/\s+/))
        .filter((cols) =>
          cols[3] === "0A" && cols[1]?.endsWith(`:${port.toString(16).toUpperCase().padStart(4, "0")}`)
        )
        .map((cols) => cols[1].split(":")[0]);
    expect(listening(api.ports.tcp)).toEqual(["0100007F"]);
    expect(listening(api.ports.ws)).toEqual(["0100007F"]);
    const c = await client(api.ports.tcp);
    const before = Date.now();
    c.send("ping");
    const pong = await c.next("pong");
    expect(pong.data.ts_ms).toBeGreaterThanOrEqual(before);
  });

  it("hands each status snapshot it sends to onDeckStatus (telemetry records from it)", async () => {
    const engine = createEngineDouble();
    const { logger } = createMemoryLogger();
    const seen: number[] = [];
    const api = await startEngineApi({
      engine,
      logger,
      port: 0,
      wsPort: 0,
      onDeckStatus: (decks, tsMs) => seen.push(decks.length, tsMs),
    });
    cleanups.push(() => api.close());
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen[0]).toBe(engine.status().length);
    expect(seen[1]).toBeGreaterThan(Date.now() - 5000);
  });

  it("rejects when a port is taken", async () => {
    const { api } = await startApi();
    const { logger } = createMemoryLogger();
    const engine = createEngineDouble();
    await expect(startEngineApi({ engine, logger, port: api.ports.tcp, wsPort: 0 })).rejects.toThrow();
    await expect(startEngineApi({ engine, logger, port: 0, wsPort: api.ports.ws })).rejects.toThrow();
  });

  it("pushes deck_status frames with every deck to every client", async () => {
    const { api } = await startApi();
    const clients = await Promise.all(Array.from({ length: 20 }, () => client(api.ports.tcp)));
    for (const c of clients) {
      const first = await c.next("deck_status");
      const second = await c.next("deck_status");
      expect(second.data.ts_ms).toBeGreaterThan(first.data.ts_ms);
      expect(first.data.decks.map((d) => d.id)).toEqual([0, 1, 2, 3]);
      expect(Object.keys(first.data.decks[0]).sort()).toEqual(
        [
          "id",
          "loading",
          "loop",
          "playing",
          "position_sec",
          "stems",
          "tempo_percent",
          "tempo_range",
          "total_sec",
          "track",
        ],
      );
    }
  });

  it("acks commands to their sender and forwards engine events to all clients", async () => {
    const { api, engine } = await startApi();
    const [a, b] = [await client(api.ports.tcp), await client(api.ports.tcp)];
    a.send('load_track 0 "/music/with space.wav"');
    expect((await a.next("cmd_ack")).data).toMatchObject({ cmd: "load_track", deck_id: 0 });
    engine.emit({ event: "waveform_progress", data: { deck_id: 0, percent: 50 } });
    engine.emit({
      event: "track_loaded",
      data: {
        deck_id: 0,
        duration_sec: 120,
        track: {
          path: "/music/with space.wav",
          title: "T",
          artist: null,
          album: null,
          format: "wav",
          sourceSampleRate: 48000,
          channels: 1,
        },
      },
    });
    for (const c of [a, b]) {
      expect((await c.next("waveform_progress")).data).toEqual({ deck_id: 0, percent: 50 });
      expect((await c.next("track_loaded")).data.track.source_sample_rate).toBe(48000);
    }
    a.send("play 0");
    await a.next("cmd_ack", (e) => e.data.cmd === "play");
    const playing = await b.next("deck_status", (e) => e.data.decks[0].playing);
    expect(playing.data.decks[0].track?.path).toBe("/music/with space.wav");
    expect(b.received.some((e) => e.event === "cmd_ack")).toBe(false);
  });

  it("answers unknown commands, bad arguments and overlong lines with errors and keeps serving", async () => {
    const { api } = await startApi();
    const c = await client(api.ports.tcp);
    c.send("explode 0");
    expect((await c.next("error")).data.message).toContain("unknown command");
    c.send("play 9");
    expect((await c.next("error")).data.message).toContain("deck 0-3");
    c.send("x".repeat(100_000));
    expect((await c.next("error")).data.message).toContain("longer than");
    c.send("ping");
    await c.next("pong");
  });

  it("answers a line that is not valid UTF-8 with an error and keeps serving", async () => {
    const { api } = await startApi();
    const raw = connectNet({ host: "127.0.0.1", port: api.ports.tcp });
    cleanups.push(() => raw.destroy());
    let received = "";
    raw.on("data", (chunk) => (received += chunk.toString()));
    raw.write(new Uint8Array([0x70, 0x6c, 0xff, 0xfe, 0x0a]));
    raw.write("ping\n");
    while (!received.includes('"pong"')) await Bun.sleep(2);
    const complete = received.slice(0, received.lastIndexOf("\n"));
    const events = complete.split("\n").map((line) => JSON.parse(line));
    expect(events.find((e) => e.event === "error").data.message).toContain("not valid UTF-8");
  });

  it("survives random bytes from many connections (fuzz)", async () => {
    const { api } = await startApi();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 3000 }), async (bytes) => {
        const c = await connectApiClient(api.ports.tcp);
        c.send(new TextDecoder().decode(bytes));
        c.send("ping");
        await c.next("pong");
        c.close();
      }),
      { numRuns: 40 },
    );
    const after = await client(api.ports.tcp);
    after.send("ping");
    await after.next("pong");
  });

  it("sets TCP_NODELAY and 64 KiB socket buffers on accepted connections (Linux reports double)", async () => {
    const { api } = await startApi();
    const c = connectNet({ host: "127.0.0.1", port: api.ports.tcp });
    cleanups.push(() => c.destroy());
    await new Promise((resolve) => c.once("connect", resolve));
    await Bun.sleep(20);
    const fd = findSocketFd(api.ports.tcp, c.localPort);
    expect(fd).toBeDefined();
    expect(socketBufferSizes(fd!)).toEqual([SOCKET_BUFFER_BYTES * 2, SOCKET_BUFFER_BYTES * 2]);
    const [IPPROTO_TCP, TCP_NODELAY] = [6, 1];
    expect(readSocketOption(fd!, IPPROTO_TCP, TCP_NODELAY)).toBeGreaterThan(0);
  });
});

describe("slow clients", () => {
  it("drop their status frames but do not slow or block the others", async () => {
    const engine = createEngineDouble();
    const { logger } = createMemoryLogger();
    const hub = createClientHub();
    const server = startTcpApi({ hub, engine, logger, host: "127.0.0.1", port: 0 });
    cleanups.push(() => server.stop(true));
    const slow = connectNet({ host: "127.0.0.1", port: server.port });
    cleanups.push(() => slow.destroy());
    await new Promise((resolve) => slow.once("connect", resolve));
    slow.pause();
    const fast = await client(server.port);
    while (hub.size() < 2) await Bun.sleep(5);
    await engine.load(0, "/" + "long-path/".repeat(200) + "a.wav");
    const bigStatus = deckStatusEvent(engine.status(), Date.now());
    for (let i = 0; i < 20_000 && hub.droppedStatusFrames() === 0; i++) {
      hub.broadcastStatus(bigStatus);
      if (i % 50 === 0) await Bun.sleep(1);
    }
    expect(hub.droppedStatusFrames()).toBeGreaterThan(0);
    expect(hub.size()).toBe(2);
    fast.send("ping");
    await fast.next("pong");
  });

  it("that never read their replies are cut off once the backlog passes the bound", async () => {
    const engine = createEngineDouble();
    const { logger, records } = createMemoryLogger();
    const hub = createClientHub();
    const server = startTcpApi({ hub, engine, logger, host: "127.0.0.1", port: 0 });
    cleanups.push(() => server.stop(true));
    await engine.load(0, "/a.wav");
    const slow = connectNet({ host: "127.0.0.1", port: server.port });
    cleanups.push(() => slow.destroy());
    slow.on("error", () => {});
    await new Promise((resolve) => slow.once("connect", resolve));
    slow.pause();
    const fast = await client(server.port);
    while (hub.size() < 2) await Bun.sleep(5);
    // Each answer is about 100 KB; the bound is 1 MiB on top of the kernel buffers.
    for (let i = 0; i < 40; i++) slow.write("get_waveform 0 20000\n");
    while (hub.size() > 1) await Bun.sleep(10);
    expect(records.some((r) => r.msg.includes("not reading"))).toBe(true);
    fast.send("ping");
    await fast.next("pong");
  });
});

describe("WebSocket bridge", () => {
  const open = (url: string, headers?: Record<string, string>) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, headers ? { headers } as unknown as string[] : undefined);
      cleanups.push(() => ws.close());
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error("refused"));
    });
  const nextMessage = (ws: WebSocket, event: string) =>
    new Promise<{ event: string; data: Record<string, unknown> }>((resolve) => {
      const listener = (m: MessageEvent) => {
        const parsed = JSON.parse(String(m.data));
        if (parsed.event === event) {
          ws.removeEventListener("message", listener);
          resolve(parsed);
        }
      };
      ws.addEventListener("message", listener);
    });

  it("carries the same commands and events, one per frame", async () => {
    const { api } = await startApi();
    const ws = await open(`ws://127.0.0.1:${api.ports.ws}/`);
    const pong = nextMessage(ws, "pong");
    ws.send("ping");
    expect((await pong).data.ts_ms).toBeNumber();
    const status = await nextMessage(ws, "deck_status");
    expect((status.data.decks as unknown[]).length).toBe(4);
    const error = nextMessage(ws, "error");
    ws.send("x".repeat(5000));
    expect((await error).data.message).toContain("longer than");
  });

  it("counts a line's limit in bytes like TCP: 3,000 two-byte characters are too long", async () => {
    const { api } = await startApi();
    const ws = await open(`ws://127.0.0.1:${api.ports.ws}/`);
    const error = nextMessage(ws, "error");
    ws.send(`load_track 0 "/music/${"é".repeat(3000)}.wav"`);
    expect((await error).data.message).toContain("longer than 4096 bytes");
    const tcp = await client(api.ports.tcp);
    tcp.send(`load_track 0 "/music/${"é".repeat(3000)}.wav"`);
    expect((await tcp.next("error")).data.message).toContain("longer than 4096 bytes");
  });

  it("survives random text and binary frames (fuzz)", async () => {
    const { api } = await startApi();
    const ws = await open(`ws://127.0.0.1:${api.ports.ws}/`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 })),
        async (frame) => {
          ws.send(frame);
          const pong = nextMessage(ws, "pong");
          ws.send("ping");
          await pong;
        },
      ),
      { numRuns: 100 },
    );
  });

  it("admits its own page's origin and listed origins, refuses other browser origins", async () => {
    const { api } = await startApi(["http://studio.example"]);
    const url = `ws://127.0.0.1:${api.ports.ws}/`;
    await open(url, { origin: `http://127.0.0.1:${api.ports.ws}` });
    await open(url, { origin: "http://studio.example" });
    await expect(open(url, { origin: "http://evil.example" })).rejects.toThrow("refused");
    const refused = await fetch(`http://127.0.0.1:${api.ports.ws}/`, {
      headers: { upgrade: "websocket", connection: "upgrade", origin: "http://evil.example" },
    });
    expect(refused.status).toBe(403);
  });

  it("counts its page's own addresses as allowed origins, all interfaces when bound to all", () => {
    expect(pageOrigins("127.0.0.1", 5556)).toEqual([
      "http://127.0.0.1:5556",
      "http://localhost:5556",
      "http://[::1]:5556",
    ]);
    expect(pageOrigins("192.168.1.20", 80)).toContain("http://192.168.1.20:80");
    const everywhere = pageOrigins("0.0.0.0", 5556);
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address && address.family === "IPv4") {
        expect(everywhere).toContain(`http://${address.address}:5556`);
      }
    }
    expect(isAllowedOrigin(null, [])).toBe(true);
    expect(isAllowedOrigin("http://localhost:5556", everywhere)).toBe(true);
    expect(isAllowedOrigin("http://evil.example:5556", everywhere)).toBe(false);
  });

  it("serves the browser UI with a strict CSP and no inline script", async () => {
    const { api } = await startApi();
    const page = await fetch(`http://127.0.0.1:${api.ports.ws}/`);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/app.js"></script>');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html.match(/class="deck"/g)?.length).toBe(4);
    const js = await fetch(`http://127.0.0.1:${api.ports.ws}/app.js`);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await js.text()).toContain("requestAnimationFrame");
    expect((await fetch(`http://127.0.0.1:${api.ports.ws}/nope`)).status).toBe(404);
  });
});

describe("slow WebSocket clients", () => {
  /** A WebSocket client on a raw socket, so the test can stop reading (browsers' sockets cannot). */
  async function rawWebSocket(port: number) {
    const socket = connectNet({ host: "127.0.0.1", port });
    cleanups.push(() => socket.destroy());
    socket.on("error", () => {});
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: bWl4ZXJhLXRlc3Qta2V5IQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    const response = await new Promise<string>((resolve) => socket.once("data", (b) => resolve(String(b))));
    expect(response).toStartWith("HTTP/1.1 101");
    socket.pause();
    return {
      localPort: socket.localPort!,
      /** One masked text frame (the all-zero mask leaves the payload as it is). */
      sendText(text: string) {
        const payload = new TextEncoder().encode(text);
        socket.write(new Uint8Array([0x81, 0x80 | payload.length, 0, 0, 0, 0, ...payload]));
      },
    };
  }

  it("are closed once their unsent frames pass the bound (64 KiB buffers, no Nagle), while others carry on", async () => {
    const engine = createEngineDouble();
    const { logger, records } = createMemoryLogger();
    const hub = createClientHub();
    const bridge = startWsBridge({ hub, engine, logger, host: "127.0.0.1", port: 0, allowedOrigins: [] });
    cleanups.push(() => bridge.stop(true));
    await engine.load(0, "/a.wav");
    const slow = await rawWebSocket(bridge.port!);
    const fd = findSocketFd(bridge.port!, slow.localPort);
    expect(readSocketOption(fd!, 6, 1)).toBeGreaterThan(0); // TCP_NODELAY
    expect(socketBufferSizes(fd!)).toEqual([SOCKET_BUFFER_BYTES * 2, SOCKET_BUFFER_BYTES * 2]);
    const tcp = startTcpApi({ hub, engine, logger, host: "127.0.0.1", port: 0 });
    cleanups.push(() => tcp.stop(true));
    const fast = await client(tcp.port);
    while (hub.size() < 2) await Bun.sleep(5);
    for (let i = 0; i < 40; i++) slow.sendText("get_waveform 0 20000");
    while (hub.size() > 1) await Bun.sleep(10);
    expect(records.some((r) => r.msg.includes("websocket client dropped"))).toBe(true);
    fast.send("ping");
    await fast.next("pong");
  });
});
