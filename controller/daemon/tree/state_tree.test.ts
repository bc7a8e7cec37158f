import { describe, expect, it } from "bun:test";
import { createMixeraTree } from "./device_model.ts";
import { dbToTapered, taperedToDb } from "./taper.ts";

const deck0 = "/devices/0/inputs/0";

describe("StateTree paths", () => {
  const tree = createMixeraTree();
  it("resolves nodes, property metadata, /value and /values, normalising slashes", () => {
    expect(tree.resolve("/devices/0")?.kind).toBe("node");
    expect(tree.resolve("devices//0/inputs/0/Mute/")?.kind).toBe("property");
    expect(tree.resolve(`${deck0}/Mute/value/`)?.kind).toBe("value");
    expect(tree.resolve(`${deck0}/CrossfaderAssign/values`)?.kind).toBe("values");
    expect(tree.resolve(`${deck0}/Mute/values`)).toBeNull();
    expect(tree.resolve(`${deck0}/Nope`)).toBeNull();
    expect(tree.resolve("/")?.kind).toBe("node");
  });
});

describe("StateTree.setValue coercion", () => {
  it("coerces booleans from true/false/1/0 and refuses anything else", () => {
    const tree = createMixeraTree();
    for (const [raw, stored] of [["true", true], ["0", false], ["1", true], [false, false]] as const) {
      expect(tree.setValue(`${deck0}/Mute`, raw)).toEqual({ ok: true, value: stored });
    }
    expect(tree.setValue(`${deck0}/Mute`, "yes").ok).toBe(false);
  });

  it("refuses NaN, Infinity and exponent notation, and keeps the old value", () => {
    const tree = createMixeraTree();
    for (const raw of ["nan", "NaN", "inf", "Infinity", "1e3", "0x10", "", "12abc", NaN, Infinity]) {
      expect(tree.setValue(`${deck0}/Gain`, raw).ok).toBe(false);
    }
    expect(tree.getValue(`${deck0}/Gain`)).toBe(0);
  });

  it("clamps to min/max and rounds ints", () => {
    const tree = createMixeraTree();
    expect(tree.setValue(`${deck0}/FaderLevel`, "40.000000")).toEqual({ ok: true, value: 12 });
    expect(tree.setValue(`${deck0}/FaderLevel`, -500)).toEqual({ ok: true, value: -144 });
    expect(tree.setValue("/SampleRate", "44100.4")).toEqual({ ok: true, value: 44100 });
  });

  it("enforces enums (strings, and objects by value or display string)", () => {
    const tree = createMixeraTree();
    expect(tree.setValue(`${deck0}/CrossfaderAssign`, "A")).toEqual({ ok: true, value: "A" });
    expect(tree.setValue(`${deck0}/CrossfaderAssign`, "C").ok).toBe(false);
    expect(tree.setValue("/SampleRate", 96000).ok).toBe(false);
    expect(tree.setValue("/SampleRate", "48 kHz")).toEqual({ ok: true, value: 48000 });
  });

  it("refuses readonly properties and unknown paths", () => {
    const tree = createMixeraTree();
    expect(tree.setValue("/initialized", false)).toEqual({ ok: false, error: "Property is read-only." });
    expect(tree.setValue(`${deck0}/meters/0/MeterLevel`, -3).ok).toBe(false);
    expect(tree.setValue("/nope", 1)).toEqual({ ok: false, error: "Unable to resolve path for set." });
  });
});

describe("dB and tapered companions", () => {
  it("keeps FaderLevel and FaderLevelTapered in sync through the taper curve, both ways", () => {
    const tree = createMixeraTree();
    tree.setValue(`${deck0}/FaderLevel`, -6);
    expect(tree.getValue(`${deck0}/FaderLevelTapered`)).toBeCloseTo(dbToTapered(-6, -144, 12), 12);
    const stored = tree.setValue(`${deck0}/FaderLevelTapered`, 0.25);
    expect(stored.ok && stored.value).toBeCloseTo(0.25, 12);
    expect(tree.getValue(`${deck0}/FaderLevel`)).toBeCloseTo(taperedToDb(0.25, -144, 12), 12);
    tree.setValue(`${deck0}/FaderLevelTapered`, 0);
    expect(tree.getValue(`${deck0}/FaderLevel`)).toBe(-144);
  });

  it("snaps tapered positions below the dB range to 0 and reports the stored value", () => {
    const tree = createMixeraTree();
    const master = "/devices/0/outputs/18";
    expect(tree.setValue(`${master}/CRMonitorLevelTapered`, 0.01)).toEqual({ ok: true, value: 0 });
    expect(tree.getValue(`${master}/CRMonitorLevel`)).toBe(-96);
  });

  it("taper curve: unity at ~0.631 on a +12 dB fader, monotonic, ends meet", () => {
    expect(dbToTapered(0, -144, 12)).toBeCloseTo(0.631, 3);
    expect(taperedToDb(1, -144, 12)).toBe(12);
    expect(dbToTapered(-144, -144, 12)).toBe(0);
    let last = -Infinity;
    for (let t = 0; t <= 1; t += 0.01) {
      const db = taperedToDb(t, -96, 0);
      expect(db).toBeGreaterThanOrEqual(last);
      last = db;
      if (db > -96) expect(dbToTapered(db, -96, 0)).toBeCloseTo(t, 9);
    }
  });
});

describe("watch (the engine's change feed)", () => {
  it("reports real changes at or below the prefix, once per change, with the stored value", () => {
    const tree = createMixeraTree();
    const seen: [string, unknown][] = [];
    const stop = tree.watch(deck0, (path, value) => seen.push([path, value]));
    tree.setValue(`${deck0}/Mute`, true);
    tree.setValue(`${deck0}/Mute`, "1"); // no-op
    tree.setValue("/devices/0/inputs/1/Mute", true); // elsewhere
    tree.setValue(`${deck0}/Pan`, 5);
    stop();
    tree.setValue(`${deck0}/Mute`, false);
    expect(seen).toEqual([[`${deck0}/Mute`, true], [`${deck0}/Pan`, 1]]);
  });

  it("isolates a throwing listener", () => {
    const errors: unknown[] = [];
    const tree = createMixeraTree({ onListenerError: (e) => errors.push(e) });
    const seen: unknown[] = [];
    tree.watch("/", () => {
      throw new Error("boom");
    });
    tree.watch(`${deck0}/Mute`, (_p, v) => seen.push(v));
    tree.setValue(`${deck0}/Mute`, true);
    expect(seen).toEqual([true]);
    expect(errors.length).toBe(1);
  });

  it("refuses to watch a path that does not exist", () => {
    expect(() => createMixeraTree().watch("/nope", () => {})).toThrow(/No node or property/);
  });
});

describe("rendering", () => {
  it("renders nodes with properties and children, filtered per property field", () => {
    const tree = createMixeraTree();
    const root = JSON.parse(tree.nodeJson(tree.root, { recursive: false, fields: null, flat: false }));
    expect(root.properties.initialized.value).toBe(true);
    expect(root.properties.Sleep.type).toBe("bool");
    expect(root.children.devices).toEqual({});
    const filtered = JSON.parse(
      tree.nodeJson(tree.node(deck0)!, { recursive: true, fields: new Set(["value", "type"]), flat: false }),
    );
    expect(filtered.properties.FaderLevel).toEqual({ type: "float", value: 0 });
    expect(filtered.children.meters.children["0"].properties.MeterLevel).toEqual({
      type: "float",
      value: -77,
    });
    const object = tree.nodeObject(tree.node(deck0)!, {
      recursive: true,
      fields: new Set(["value", "type"]),
      flat: false,
    });
    expect(JSON.parse(JSON.stringify(object))).toEqual(filtered);
  });
});

describe("aliases", () => {
  it("store one value under two names, with the target's rules, and notify each name once", () => {
    const tree = createMixeraTree();
    const seen: [string, unknown][] = [];
    tree.watch(deck0, (path, value) => seen.push([path, value]));
    expect(tree.setValue(`${deck0}/preamps/0/Gain`, "99.000000")).toEqual({ ok: true, value: 12 });
    expect(tree.getValue(`${deck0}/Gain`)).toBe(12);
    expect(seen).toEqual([
      [`${deck0}/Gain`, 12],
      [`${deck0}/preamps/0/Gain`, 12],
      [`${deck0}/GainTapered`, 1],
      [`${deck0}/preamps/0/GainTapered`, 1],
    ]);
    expect(tree.setValue(`${deck0}/preamps/0/GainTapered`, 0).ok).toBe(true);
    expect(tree.getValue(`${deck0}/preamps/0/Gain`)).toBe(-24);
    expect(tree.setValue(`${deck0}/preamps/0/Gain`, "nan").ok).toBe(false);
    expect(tree.getValue(`${deck0}/Gain`)).toBe(-24);
  });

  it("share the target's metadata, follow internal writes, and cannot shadow an existing path", () => {
    const tree = createMixeraTree();
    const alias = tree.property(`${deck0}/UserDefinedName`)!;
    expect(alias.metadata()).toEqual(tree.property(`${deck0}/Name`)!.metadata());
    tree.writeInternal(tree.property(`${deck0}/meters/1/Clip`)!, true);
    expect(tree.getValue(`${deck0}/meters/1/MeterClip`)).toBe(true);
    expect(tree.getValue(`${deck0}/meters/1/Clip`)).toBe(true);
    expect(() => tree.alias(`${deck0}/Mute`, `${deck0}/Solo`)).toThrow(/already exists/);
    expect(() => tree.alias(`${deck0}/Other`, `${deck0}/Nope`)).toThrow(/No property/);
  });
});
