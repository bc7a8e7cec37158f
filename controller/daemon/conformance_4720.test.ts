import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { encodeUbjson, frameUbjson } from "../../shared/ubjson/mod.ts";
import type { MixerDaemon } from "./mod.ts";
import { type Message, TcpTestClient } from "./testing/clients.ts";
import { startTestDaemon } from "./testing/daemon.ts";

let daemon: MixerDaemon;
beforeAll(async () => {
  daemon = (await startTestDaemon()).daemon;
});
afterAll(() => daemon.close());

const gain = "/devices/0/inputs/0/Gain";

async function helperSession(): Promise<TcpTestClient> {
  const client = await TcpTestClient.connect(daemon.ports.ubjson);
  const confirmation = await client.request("post command_format?func_id=1 2");
  expect(confirmation).toEqual({ path: "command_format", data: 2, parameters: { func_id: "1" } });
  return client;
}

describe("TCP 4720: a helper-style session", () => {
  it("switches to UBJSON frames after the handshake; the confirmation itself is JSON text", async () => {
    const client = await helperSession();
    const ping = await client.request("get /ping?message_id=abc:0");
    expect(ping).toEqual({ path: "/ping", data: true, parameters: { message_id: "abc:0" } });
    expect(client.kinds).toEqual(["text", "ubjson"]);
    client.close();
  });

  it("matches replies by message_id across get, set and subscribe", async () => {
    const client = await helperSession();
    client.send("get /devices?message_id=abc:1&recursive=1");
    client.send(`set ${gain}/value?message_id=abc:2&cmd_id=set_command 10.0`);
    client.send(`subscribe ${gain}/value?message_id=abc:3`);
    const replies = new Map<string, Message>();
    for (let i = 0; i < 3; i++) {
      const reply = await client.next((m) => m.parameters !== undefined);
      replies.set((reply.parameters as Record<string, string>).message_id, reply);
    }
    const devices = replies.get("abc:1")!;
    expect(devices.path).toBe("/devices");
    const inputs = ((devices.data as Message).children as Record<string, Message>)["0"].children as Record<
      string,
      Message
    >;
    expect(Object.keys(inputs.inputs.children as object)).toEqual(["0", "1", "2", "3"]);
    expect(replies.get("abc:2")).toEqual({
      path: `${gain}/value`,
      data: 10,
      parameters: { message_id: "abc:2", cmd_id: "set_command" },
    });
    expect(replies.get("abc:3")).toEqual({
      path: `${gain}/value`,
      data: 10,
      parameters: { message_id: "abc:3" },
    });
    client.close();
  });

  it("receives change notifications (as UBJSON) for another client's sets", async () => {
    const helper = await helperSession();
    await helper.request(`subscribe ${gain}/value?message_id=s:1`);
    const other = await TcpTestClient.connect(daemon.ports.text);
    other.send(`set ${gain}/value -7.250000`);
    expect(await helper.next()).toEqual({ path: `${gain}/value`, data: -7.25 });
    expect(helper.kinds.at(-1)).toBe("ubjson");
    helper.close();
    other.close();
  });

  it("accepts UBJSON commands {cmd, url, value|data, parameters}, with or without trailer", async () => {
    const client = await helperSession();
    const command = frameUbjson(
      encodeUbjson({ cmd: "get", url: "/ping", parameters: { message_id: "u:1" } }),
    );
    client.sendBytes(command);
    expect(await client.next()).toEqual({ path: "/ping", data: true, parameters: { message_id: "u:1" } });
    const set = frameUbjson(
      encodeUbjson({ cmd: "set", url: `${gain}/value`, value: 3.5, parameters: { message_id: "u:2" } }),
    );
    client.sendBytes(set.subarray(0, set.length - 2));
    expect(await client.next()).toEqual({
      path: `${gain}/value`,
      data: 3.5,
      parameters: { message_id: "u:2" },
    });
    const dataForm = frameUbjson(encodeUbjson({ cmd: "set", url: `${gain}/value?message_id=u:3`, data: 4 }));
    client.sendBytes(dataForm);
    expect((await client.next()).data).toBe(4);
    client.sendBytes(frameUbjson(new Uint8Array([0x7b, 0x23, 0x55, 0x09])));
    expect((await client.next()).error).toMatch(/Malformed UBJSON/);
    expect((await client.request("get /ping")).data).toBe(true);
    client.close();
  });

  it("identifies clients and serves stable network and process ids", async () => {
    const a = await TcpTestClient.connect(daemon.ports.ubjson);
    a.send('{"path":"networkID","data":"abc123def456"}');
    const first = await a.request("get networkID");
    expect(first.data).toMatch(/^[0-9a-f]{32}$/);
    const b = await TcpTestClient.connect(daemon.ports.text);
    expect((await b.request("get networkID")).data).toBe(first.data);
    const process = await b.request("get processID");
    expect(process.data).toMatch(/^[0-9a-f]{32}$/);
    expect(process.data).not.toBe(first.data);
    a.close();
    b.close();
  });

  it("switches back to JSON with command_format 1 and refuses other formats", async () => {
    const client = await helperSession();
    expect((await client.request("post command_format 7")).error).toMatch(/command_format/);
    await client.request("post command_format 1");
    expect(await client.request("get /ping")).toEqual({ path: "/ping", data: true });
    expect(client.kinds.at(-1)).toBe("text");
    expect((await client.request("post /reboot")).error).toBe("Unable to resolve path for post.");
    client.close();
  });
});
