import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { MixerDaemon } from "./mod.ts";
import { type Message, TcpTestClient, WsTestClient } from "./testing/clients.ts";
import { startTestDaemon } from "./testing/daemon.ts";

let daemon: MixerDaemon;
let records: { msg: string }[];
beforeAll(async () => {
  ({ daemon, records } = await startTestDaemon({ allowedOrigins: ["http://localhost:8000"] }));
});
afterAll(() => daemon.close());

const deck = "/devices/0/inputs/1";

describe("WebSocket 4721: a console session", () => {
  it("walks the tree, subscribes per channel, sets with cmd_id and sees notifications", async () => {
    const ws = await WsTestClient.connect(daemon.ports.ws);
    const devices = await ws.request("get /devices?message_id=ws:1&recursive=1");
    expect(devices.parameters).toEqual({ message_id: "ws:1" });
    const inputs = (((devices.data as Message).children as Record<string, Message>)["0"].children as Record<
      string,
      Message
    >).inputs;
    expect(
      ((inputs.children as Record<string, Message>)["1"].properties as Record<string, Message>).Name.value,
    )
      .toBe("Deck 2");
    for (const control of ["FaderLevel", "Mute", "Solo", "EqLow"]) {
      const reply = await ws.request(`subscribe ${deck}/${control}/value?message_id=ws:${control}`);
      expect(reply.path).toBe(`${deck}/${control}/value`);
    }
    ws.send(`set ${deck}/EqLow/value?cmd_id=eq 4.000000`);
    expect(await ws.next()).toEqual({ path: `${deck}/EqLow/value`, data: 4 });
    const tcp = await TcpTestClient.connect(daemon.ports.text);
    tcp.send(`set ${deck}/Mute/value true`);
    expect(await ws.next()).toEqual({ path: `${deck}/Mute/value`, data: true });
    tcp.close();
    ws.close();
  });

  it("answers errors and stays open", async () => {
    const ws = await WsTestClient.connect(daemon.ports.ws);
    expect(await ws.request("get /nope?message_id=e:1")).toEqual({
      path: "/nope",
      error: "Unable to resolve path for get.",
      parameters: { message_id: "e:1" },
    });
    expect((await ws.request('subscribe {"paths":5}')).error).toMatch(/Malformed batch/);
    expect(await ws.request("get /ping\0")).toEqual({ path: "/ping", data: true });
    ws.close();
  });

  it("refuses browser Origins outside the allow-list and accepts listed ones", async () => {
    await expect(WsTestClient.connect(daemon.ports.ws, { Origin: "http://evil.example" })).rejects.toThrow();
    expect(records.some((r) => r.msg === "websocket origin refused")).toBe(true);
    const allowed = await WsTestClient.connect(daemon.ports.ws, { Origin: "http://localhost:8000" });
    expect((await allowed.request("get /ping")).data).toBe(true);
    allowed.close();
  });

  it("refuses plain HTTP", async () => {
    const response = await fetch(`http://127.0.0.1:${daemon.ports.ws}/`);
    expect(response.status).toBe(426);
  });
});

describe("WebSocket 4721 with command_format 2", () => {
  it("confirms format 2 as a UA Connect-style client sends it and keeps answering in JSON text frames", async () => {
    const ws = await WsTestClient.connect(daemon.ports.ws);
    expect(await ws.request("post command_format?func_id=1 2")).toEqual({
      path: "command_format",
      data: 2,
      parameters: { func_id: "1" },
    });
    expect(await ws.request("get /ping?message_id=b:1")).toEqual({
      path: "/ping",
      data: true,
      parameters: { message_id: "b:1" },
    });
    ws.send(`subscribe ${deck}/Mute/value`);
    expect((await ws.next()).path).toBe(`${deck}/Mute/value`);
    const tcp = await TcpTestClient.connect(daemon.ports.text);
    tcp.send(`set ${deck}/Mute/value false`);
    expect(await ws.next()).toEqual({ path: `${deck}/Mute/value`, data: false });
    tcp.close();
    ws.close();
  });
});
