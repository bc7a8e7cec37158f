import { describe, expect, test } from "bun:test";
import type { HelloPayload } from "../../shared/ocp/mod.ts";
import { compareSemver, DEFAULT_COMPATIBILITY_MATRIX } from "./compatibility.ts";
import { AMBER_WARNING, assessAccessoryHello, helloAckFor } from "./handshake_policy.ts";

const trusted = new Set(["MXR-20250701-000123"]);
const context = { matrix: DEFAULT_COMPATIBILITY_MATRIX, isTrusted: (s: string) => trusted.has(s) };
const fullBoard: HelloPayload = {
  serial_number: "MXR-20250701-000123",
  model_number: "MXR-FADER-4",
  firmware_version: "1.3.0",
  protocol_version: "1.0",
  feature_flags: ["faders", "motorized_faders", "msgpack"],
};
const codes = (hello: HelloPayload) =>
  assessAccessoryHello(hello, undefined, context).warnings.map((w) => w.code);

describe("accessory handshake policy", () => {
  test("a known, trusted board on a supported firmware gets FULL with motor control", () => {
    const a = assessAccessoryHello(fullBoard, undefined, context);
    expect(a.compatibility).toBe("FULL");
    expect(a.warnings).toEqual([]);
    expect(a.enabledFeatures).toEqual(["faders", "motorized_faders", "msgpack"]);
    expect(a.amberWarning).toBeNull();
    expect(helloAckFor(a).accepted).toBe(true);
  });

  test("missing serial: W001, proceeds, tagged serial_missing and untrusted", () => {
    const a = assessAccessoryHello({ ...fullBoard, serial_number: undefined }, undefined, context);
    expect(a.warnings.map((w) => w.code)).toEqual(["W001", "W004"]);
    expect(a.warnings[0].message).toBe("serial_missing");
    expect(a.tags).toEqual(["serial_missing", "untrusted_accessory"]);
    expect(a.enabledFeatures).not.toContain("motorized_faders");
    expect(a.amberWarning).toBe(AMBER_WARNING);
  });

  test("the serial may come from the envelope's `from`", () => {
    const a = assessAccessoryHello({ ...fullBoard, serial_number: undefined }, {
      role: "accessory",
      serial: "MXR-20250701-000123",
    }, context);
    expect(a.serial).toBe("MXR-20250701-000123");
    expect(a.warnings).toEqual([]);
  });

  test("unknown model: W002 and PARTIAL without critical features", () => {
    const a = assessAccessoryHello({ ...fullBoard, model_number: "ACME-1" }, undefined, context);
    expect(a.compatibility).toBe("PARTIAL");
    expect(a.warnings.map((w) => w.code)).toEqual(["W002"]);
    expect(a.enabledFeatures).toEqual(["faders", "msgpack"]);
  });

  test("missing model: W002 and UNKNOWN, marked unverified with the amber prompt", () => {
    const a = assessAccessoryHello({ ...fullBoard, model_number: undefined }, undefined, context);
    expect(a.compatibility).toBe("UNKNOWN");
    expect(a.tags).toContain("unverified");
    expect(a.amberWarning).toBe(AMBER_WARNING);
  });

  test("firmware outside every range, or in a PARTIAL range, is a model mismatch", () => {
    expect(codes({ ...fullBoard, firmware_version: "2.0.0" })).toEqual(["W002"]);
    const old = assessAccessoryHello({ ...fullBoard, firmware_version: "0.9.5" }, undefined, context);
    expect(old.compatibility).toBe("PARTIAL");
    expect(old.enabledFeatures).toEqual(["faders", "msgpack"]);
  });

  test("protocol major mismatch: W003 and motor control refused", () => {
    const a = assessAccessoryHello({ ...fullBoard, protocol_version: "2.1" }, undefined, context);
    expect(a.warnings.map((w) => w.code)).toEqual(["W003"]);
    expect(a.enabledFeatures).not.toContain("motorized_faders");
    expect(codes({ ...fullBoard, protocol_version: "1.7" })).toEqual([]);
  });

  test("uncertified and not on the trust list: W004 untrusted_accessory; a secure element certifies", () => {
    const stranger = { ...fullBoard, serial_number: "MXR-20250101-999999" };
    const a = assessAccessoryHello(stranger, undefined, context);
    expect(a.warnings.map((w) => w.code)).toEqual(["W004"]);
    expect(a.tags).toEqual(["untrusted_accessory"]);
    expect(a.enabledFeatures).not.toContain("motorized_faders");
    const certified = { ...stranger, feature_flags: [...stranger.feature_flags, "secure_element"] };
    expect(assessAccessoryHello(certified, undefined, context).enabledFeatures).toContain("motorized_faders");
  });

  test("semver comparison orders releases and pre-releases", () => {
    expect(compareSemver("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(compareSemver("1.0.0-rc.1", "1.0.0")).toBeLessThan(0);
    expect(compareSemver("1.2.3", "1.2.3")).toBe(0);
  });
});
