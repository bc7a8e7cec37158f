import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import type { MixerDaemon } from "./mod.ts";
import { CHALLENGE_BYTES, CHALLENGE_HEADER_BYTES } from "./protocol/challenge.ts";
import {
  consoleLinkSession,
  consoleLinkStrip,
  INITIALIZATION_PATHS,
  MONITOR,
  STRIPS,
  uaConnectSession,
} from "./testing/app_sessions.ts";
import { type Message, TcpTestClient, WsTestClient } from "./testing/clients.ts";
import { startTestDaemon } from "./testing/daemon.ts";

let daemon: MixerDaemon;
beforeAll(async () => {
  daemon = (await startTestDaemon()).daemon;
});
afterAll(() => daemon.close());

/** Checks a challenge blob the way the apps parse it: `UANP`, version 1 (uint32 LE), 128 bytes. */
function expectChallengeBlob(data: unknown): Buffer {
  expect(typeof data).toBe("string");
  const blob = Buffer.from(data as string, "base64");
  expect(blob.toString("base64")).toBe(data as string);
  expect(blob.length).toBe(CHALLENGE_HEADER_BYTES + CHALLENGE_BYTES);
  expect(blob.subarray(0, 4).toString("latin1")).toBe("UANP");
  expect(blob.readUInt32LE(4)).toBe(1);
  expect(blob.length - 8).toBe(128);
  return blob.subarray(8);
}

const errorsOf = (messages: Message[]) => messages.filter((m) => m.error !== undefined);

describe("ConsoleLink's full session on TCP 4710", () => {
  it("gets no error reply, and every subscription is answered on its …/value path", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    for (const command of consoleLinkSession()) client.send(command);
    await client.next((m) => m.path === "/ping");
    const replies = client.inbox.messages.splice(0);
    expect(errorsOf(replies)).toEqual([]);
    const answered = new Set(replies.map((m) => m.path));
    for (const path of [...STRIPS.flatMap(consoleLinkStrip), ...INITIALIZATION_PATHS, "/SampleRate/value"]) {
      expect(answered).toContain(path);
    }
    expect(answered).toContain(`${MONITOR}/DimOn/value`);
    client.close();
  });

  it("reads the deck trim under the preamp's name, one value for both names", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    const strip = STRIPS[2];
    await client.request(`subscribe ${strip}/preamps/0/Gain/value`);
    await client.request(`subscribe ${strip}/Gain/value`);
    client.send(`set ${strip}/preamps/0/Gain/value 40.000000`);
    const first = await client.next();
    const second = await client.next();
    expect([first, second]).toEqual([
      { path: `${strip}/Gain/value`, data: 12 },
      { path: `${strip}/preamps/0/Gain/value`, data: 12 },
    ]);
    expect(daemon.tree.getValue(`${strip}/Gain`)).toBe(12);
    expect(daemon.tree.getValue(`${strip}/preamps/0/GainTapered`)).toBe(1);
    client.close();
  });

  it("refuses a set of a switch the deck has no hardware for, and changes nothing", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    const path = `${STRIPS[1]}/preamps/0/48V/value`;
    expect(await client.request(`set ${path} true`)).toEqual({ path, error: "Property is read-only." });
    expect(await client.request(`get ${path}`)).toEqual({ path, data: false });
    client.close();
  });

  it("lights the clip indicator under ConsoleLink's name when the meter clips", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    const clip = `${STRIPS[3]}/meters/0/Clip/value`;
    expect(await client.request(`subscribe ${clip}`)).toEqual({ path: clip, data: false });
    daemon.meters.pushLevels(STRIPS[3], { rmsDb: [0, 0], peakDb: [0, 0] });
    expect(await client.next((m) => m.path === clip)).toEqual({ path: clip, data: true });
    client.close();
  });
});

describe("UA Connect's full session on WebSocket 4721", () => {
  it("gets no error reply, a challenge, `true` for the answer, and notifications on the names it used", async () => {
    const ws = await WsTestClient.connect(daemon.ports.ws);
    const commands = uaConnectSession();
    for (const command of commands) ws.send(command);
    const byTag = new Map<string, Message>();
    const replies: Message[] = [];
    while (byTag.size < commands.length) {
      const message = await ws.next();
      replies.push(message);
      const tag = (message.parameters as Record<string, string> | undefined)?.message_id;
      if (tag) byTag.set(tag, message);
    }
    expect(errorsOf(replies)).toEqual([]);
    expect(byTag.get("uac:0")).toMatchObject({ path: "/request_challenge", parameters: { func_id: "7" } });
    expectChallengeBlob(byTag.get("uac:0")!.data);
    expect(byTag.get("uac:1")).toEqual({
      path: "/response",
      data: true,
      parameters: { message_id: "uac:1", func_id: "8" },
    });
    expect(byTag.get("uac:3")).toEqual({
      path: "/initialized/value",
      data: true,
      parameters: { message_id: "uac:3" },
    });
    // A set's notification goes out before its tagged reply, so both are among the replies already.
    const notifications = replies.filter((m) => m.parameters === undefined);
    expect(notifications).toContainEqual({ path: `${STRIPS[0]}/preamps/0/Gain/value`, data: 3 });
    expect(notifications).toContainEqual({ path: `${STRIPS[0]}/UserDefinedName/value`, data: "Vocals" });
    expect(daemon.tree.getValue(`${STRIPS[0]}/Name`)).toBe("Vocals");
    ws.close();
  });
});

describe("challenge-response opens a session on every port", () => {
  async function handshake(
    request: (text: string) => Promise<Message>,
  ): Promise<void> {
    const challenge = await request("post /request_challenge?func_id=3");
    expect(challenge).toMatchObject({ path: "/request_challenge", parameters: { func_id: "3" } });
    const first = expectChallengeBlob(challenge.data);
    const again = expectChallengeBlob((await request("post /request_challenge?func_id=3")).data);
    expect(first.equals(again)).toBe(false);
    expect(await request("post /response?func_id=4 bm90IGNoZWNrZWQ=")).toEqual({
      path: "/response",
      data: true,
      parameters: { func_id: "4" },
    });
    // What the apps wait for next: the initialisation state, answered at once as complete.
    expect(await request("subscribe /initialized")).toEqual({ path: "/initialized/value", data: true });
    expect(await request("subscribe /initialized_percent/value")).toEqual({
      path: "/initialized_percent/value",
      data: 100,
    });
    expect(await request("subscribe /initialized_status/value")).toEqual({
      path: "/initialized_status/value",
      data: "Ready",
    });
  }

  it("TCP 4710", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    await handshake((text) => client.request(text));
    expect(client.kinds.every((kind) => kind === "text")).toBe(true);
    client.close();
  });

  it("TCP 4720, after command_format 2 (UBJSON replies)", async () => {
    const client = await TcpTestClient.connect(daemon.ports.ubjson);
    expect((await client.request("post command_format?func_id=1 2")).data).toBe(2);
    await handshake((text) => client.request(text));
    expect(client.kinds.slice(1).every((kind) => kind === "ubjson")).toBe(true);
    client.close();
  });

  it("WebSocket 4721", async () => {
    const ws = await WsTestClient.connect(daemon.ports.ws);
    await handshake((text) => ws.request(text));
    ws.close();
  });

  it("an unknown post target still gets the error reply", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    expect(await client.request("post /reboot")).toEqual({
      path: "/reboot",
      error: "Unable to resolve path for post.",
    });
    client.close();
  });
});
