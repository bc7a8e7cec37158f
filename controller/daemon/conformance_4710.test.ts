import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { MixerDaemon } from "./mod.ts";
import { type Message, TcpTestClient } from "./testing/clients.ts";
import { startTestDaemon } from "./testing/daemon.ts";
import { generateDeviceMap } from "./testing/device_map_fixture.ts";

let daemon: MixerDaemon;
beforeAll(async () => {
  daemon = (await startTestDaemon()).daemon;
});
afterAll(() => daemon.close());

const master = "/devices/0/outputs/18";
const deck = (n: number) => `/devices/0/inputs/${n}`;

describe("TCP 4710: a ConsoleLink-style session", () => {
  it("keepalive gets no reply, nothing is pushed unasked, /ping and / answer", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    client.send("set /Sleep false");
    const ping = await client.request("get /ping");
    expect(ping).toEqual({ path: "/ping", data: true });
    const root = await client.request("get /");
    expect(root.path).toBe("/");
    const data = root.data as { properties: Record<string, Message>; children: Record<string, unknown> };
    expect(data.properties.initialized.value).toBe(true);
    expect(data.properties.Sleep.value).toBe(false);
    expect(Object.keys(data.children)).toContain("devices");
    expect(client.inbox.messages).toEqual([]);
    client.close();
  });

  it("batch-subscribes monitor controls and subscribes channel controls, answering at once on …/value", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    client.send(
      `subscribe {"paths":["${master}/Mute/value","${master}/DimOn","${master}/CRMonitorLevelTapered/value/"]}`,
    );
    expect(await client.next()).toEqual({ path: `${master}/Mute/value`, data: false });
    expect(await client.next()).toEqual({ path: `${master}/DimOn/value`, data: false });
    expect((await client.next()).path).toBe(`${master}/CRMonitorLevelTapered/value`);
    expect(await client.request(`subscribe ${deck(0)}/FaderLevel`)).toEqual({
      path: `${deck(0)}/FaderLevel/value`,
      data: 0,
    });
    client.close();
  });

  it("pushes a change back to the setter with the stored (snapped, clamped) value, and its companion", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    await client.request(`subscribe ${deck(1)}`);
    client.send(`set ${deck(1)}/FaderLevel/value 99.000000`);
    expect(await client.next()).toEqual({ path: `${deck(1)}/FaderLevel/value`, data: 12 });
    expect(await client.next()).toEqual({ path: `${deck(1)}/FaderLevelTapered/value`, data: 1 });
    client.send(`set ${master}/CRMonitorLevelTapered/value 0.010000`);
    client.send(`set ${deck(1)}/Mute/value true`);
    expect(await client.next()).toEqual({ path: `${deck(1)}/Mute/value`, data: true });
    client.close();
  });

  it("a no-op set notifies no one", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    await client.request(`subscribe ${deck(2)}/Pan/value`);
    await client.request(`subscribe ${deck(2)}/Solo/value`);
    client.send(`set ${deck(2)}/Pan/value 0.000000`);
    client.send(`set ${deck(2)}/Solo/value 1`);
    expect(await client.next()).toEqual({ path: `${deck(2)}/Solo/value`, data: true });
    client.close();
  });

  it("cuefinger-style trailing slashes: subscribe, set and unsubscribe", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    expect(await client.request(`subscribe ${deck(3)}/Mute/`)).toEqual({
      path: `${deck(3)}/Mute/value`,
      data: false,
    });
    client.send(`set ${deck(3)}/FaderLevel/value/ -12.000000`);
    client.send(`set ${deck(3)}/Mute/value/ true`);
    expect(await client.next()).toEqual({ path: `${deck(3)}/Mute/value`, data: true });
    client.send(`unsubscribe ${deck(3)}/Mute/`);
    client.send(`set ${deck(3)}/Mute/value false`);
    expect(await client.request("get /ping")).toEqual({ path: "/ping", data: true });
    expect(daemon.tree.getValue(`${deck(3)}/FaderLevel`)).toBe(-12);
    client.close();
  });

  it("two clients see each other's sets", async () => {
    const a = await TcpTestClient.connect(daemon.ports.text);
    const b = await TcpTestClient.connect(daemon.ports.text);
    await a.request(`subscribe ${deck(0)}/EqHigh/value`);
    await b.request(`subscribe ${deck(0)}/EqHigh/value`);
    a.send(`set ${deck(0)}/EqHigh/value -3.500000`);
    expect(await b.next()).toEqual({ path: `${deck(0)}/EqHigh/value`, data: -3.5 });
    expect(await a.next()).toEqual({ path: `${deck(0)}/EqHigh/value`, data: -3.5 });
    b.send(`set ${deck(0)}/EqHigh/value 2`);
    expect(await a.next()).toEqual({ path: `${deck(0)}/EqHigh/value`, data: 2 });
    a.close();
    b.close();
  });

  it("engine writes through tree.setValue reach protocol subscribers", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    await client.request("subscribe /devices/0/Crossfader/value");
    daemon.tree.setValue("/devices/0/Crossfader", -1);
    expect(await client.next()).toEqual({ path: "/devices/0/Crossfader/value", data: -1 });
    client.close();
  });

  it("meters and the pulse arrive for subscribers", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    await client.request("subscribe /MeterPulse/value");
    const first = await client.next((m) => m.path === "/MeterPulse/value");
    const second = await client.next((m) => m.path === "/MeterPulse/value");
    expect(second.data as number).toBeGreaterThan(first.data as number);
    await client.request(`subscribe ${deck(2)}/meters`);
    daemon.meters.pushLevels(deck(2), { rmsDb: [-18, -24], peakDb: [-12, -20] });
    const level = await client.next((m) => m.path === `${deck(2)}/meters/1/MeterLevel/value`);
    expect(level.data).toBe(-24);
    client.close();
  });

  it("get forms: metadata, value, values, node (non-recursive unless recursive=1), propfilter, flatvalue", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    expect(await client.request(`get ${deck(0)}/CrossfaderAssign`)).toEqual({
      path: `${deck(0)}/CrossfaderAssign`,
      data: { type: "string", default: "THRU", values: ["A", "THRU", "B"], value: "THRU" },
    });
    expect(await client.request(`get ${deck(0)}/CrossfaderAssign/values`)).toEqual({
      path: `${deck(0)}/CrossfaderAssign/values`,
      data: ["A", "THRU", "B"],
    });
    const shallow = (await client.request("get /devices/0?recursive=0")).data as Message;
    expect(shallow.children).toMatchObject({ inputs: {}, outputs: {} });
    const deep = (await client.request(`get ${deck(0)}?recursive=1&propfilter=value,type`)).data as Message;
    expect((deep.properties as Record<string, unknown>).Pan).toEqual({ type: "float", value: 0 });
    expect(Object.keys((deep.children as Record<string, Message>).meters.children as object)).toEqual([
      "0",
      "1",
    ]);
    const flat = (await client.request(`get ${deck(0)}?flatvalue=1`)).data as Message;
    expect((flat.properties as Record<string, unknown>).Name).toBe("Deck 1");
    client.close();
  });

  it("answers errors in the protocol's exact wording, for unknown paths, verbs and malformed commands", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    expect(await client.request("get /devices/0/nonexistent")).toEqual({
      path: "/devices/0/nonexistent",
      error: "Unable to resolve path for get.",
    });
    expect(await client.request("subscribe /nope/value")).toEqual({
      path: "/nope/value",
      error: "Unable to resolve path for subscribe.",
    });
    expect((await client.request("frobnicate /x")).error).toBe('Unknown command "frobnicate".');
    for (
      const malformed of [
        'subscribe {"paths":5}',
        'subscribe {"paths":[5]}',
        '{"cmd":"get","url":5}',
        "{",
        "[[[[[[[[",
      ]
    ) {
      expect(typeof (await client.request(malformed)).error).toBe("string");
    }
    expect((await client.request(`set ${deck(0)}/Gain/value nan`)).error).toMatch(/finite/);
    expect((await client.request(`set ${deck(0)}/Gain/value 1e5`)).error).toMatch(/finite/);
    expect((await client.request(`set ${deck(0)}/CrossfaderAssign/value X`)).error).toMatch(/enum/);
    expect((await client.request("set /initialized/value false")).error).toBe("Property is read-only.");
    expect(await client.request("get /ping")).toEqual({ path: "/ping", data: true });
    client.close();
  });

  it("never writes NaN or Infinity into JSON", async () => {
    const client = await TcpTestClient.connect(daemon.ports.text);
    for (const raw of ["nan", "inf", "-inf", "Infinity"]) client.send(`set ${deck(0)}/Pan/value ${raw}`);
    for (let i = 0; i < 4; i++) expect((await client.next()).error).toMatch(/finite/);
    const reply = await client.request(`get ${deck(0)}/Pan/value`);
    expect(reply).toEqual({ path: `${deck(0)}/Pan/value`, data: 0 });
    client.close();
  });
});

describe("TCP 4710 with an imported 11k-property device map", () => {
  const dir = mkdtempSync(join(tmpdir(), "map-"));
  let imported: MixerDaemon;
  beforeAll(async () => {
    const file = join(dir, "apollo.json");
    writeFileSync(file, JSON.stringify(generateDeviceMap()));
    imported = (await startTestDaemon({ deviceMapFile: file })).daemon;
  });
  afterAll(async () => {
    await imported.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the whole tree on get /?recursive=1 with every property", async () => {
    const client = await TcpTestClient.connect(imported.ports.text);
    const reply = await client.request("get /?recursive=1&propfilter=value,type");
    let count = 0;
    const walk = (node: Message) => {
      count += Object.keys(node.properties as object).length;
      for (const child of Object.values(node.children as Record<string, Message>)) walk(child);
    };
    walk(reply.data as Message);
    expect(count).toBe(imported.tree.propertyCount);
    expect(count).toBeGreaterThan(11_000);
    expect(await client.request("get /devices/0/inputs/23/preamps/0/Gain/value")).toEqual({
      path: "/devices/0/inputs/23/preamps/0/Gain/value",
      data: 10,
    });
    client.close();
  });
});

describe("meter sources at start-up", () => {
  it("serves anyway when a capture device is missing, and feeds meters from the test tone", async () => {
    const { daemon: toned, records } = await startTestDaemon({
      meterTestTone: true,
      captureMeters: [{ device: "no_such_capture_device", nodePath: "/devices/0/inputs/3" }],
    });
    expect(records.some((r) => r.msg === "capture meter not started")).toBe(true);
    const client = await TcpTestClient.connect(toned.ports.text);
    await client.request("subscribe /devices/0/inputs/0/meters/0/MeterLevel");
    const level = await client.next((m) => m.data !== -77);
    expect(level.data as number).toBeCloseTo(-12, 0);
    client.close();
    await toned.close();
  });
});
