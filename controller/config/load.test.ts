import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "./load.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function configFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mixera-config-"));
  dirs.push(dir);
  const file = join(dir, "controller.json");
  writeFileSync(file, content);
  return file;
}

describe("controller config", () => {
  test("defaults bind every service to 127.0.0.1 with the documented ports", () => {
    const result = loadConfig({ env: {}, flags: {}, home: "/home/dj" });
    if (!result.ok) throw new Error(result.message);
    const { config } = result;
    expect(config.dataDir).toBe("/home/dj/.mixera");
    expect([config.ocp.host, config.ocp.port]).toEqual(["127.0.0.1", 5560]);
    expect(config.daemon).toMatchObject({
      listen: "127.0.0.1",
      consolePort: 4710,
      helperPort: 4720,
      wsPort: 4721,
    });
    expect(config.engine).toMatchObject({ alsaDevice: "default", sampleRate: 44100, period: 256 });
    expect(config.api).toMatchObject({ listen: "127.0.0.1", port: 5555, wsPort: 5556 });
    expect(config.ocp.heartbeatIntervalMs).toBe(10_000);
  });

  test("telemetry batches once a minute unless the user opted in to detailed sampling", () => {
    const defaults = loadConfig({ env: {}, flags: {}, home: "/home/dj" });
    if (!defaults.ok) throw new Error(defaults.message);
    expect(defaults.config.telemetry).toMatchObject({
      enabled: true,
      intervalMs: 60_000,
      detailedSampling: false,
    });
    const faster = loadConfig({ env: { MIXERA_TELEMETRY_INTERVAL_MS: "5000" }, flags: {}, home: "/home/dj" });
    expect(faster).toEqual({
      ok: false,
      message:
        "invalid config: telemetry.intervalMs (from MIXERA_TELEMETRY_INTERVAL_MS): an interval below 60000 ms needs telemetry.detailedSampling (the user's opt-in)",
    });
    const optedIn = loadConfig({
      env: { MIXERA_TELEMETRY_INTERVAL_MS: "5000", MIXERA_TELEMETRY_DETAILED: "true" },
      flags: {},
      home: "/home/dj",
    });
    expect(optedIn.ok && optedIn.config.telemetry.intervalMs).toBe(5000);
    const slower = loadConfig({
      env: { MIXERA_TELEMETRY_INTERVAL_MS: "120000" },
      flags: {},
      home: "/home/dj",
    });
    expect(slower.ok).toBe(false);
  });

  test("file < environment < flags, and --listen sets every bind address", () => {
    const file = configFile(
      JSON.stringify({ ocp: { port: 6000, heartbeatIntervalMs: 2000 }, engine: { period: 512 } }),
    );
    const result = loadConfig({
      configFile: file,
      env: {
        MIXERA_OCP_PORT: "6001",
        MIXERA_OCP_SERIAL: "/dev/ttyACM0@57600,/dev/ttyUSB1",
        MIXERA_METER_TEST_TONE: "yes",
      },
      flags: { "ocp-port": "6002", listen: "0.0.0.0", "data-dir": "~/state" },
      home: "/home/dj",
    });
    if (!result.ok) throw new Error(result.message);
    const { config } = result;
    expect(config.ocp.port).toBe(6002);
    expect(config.ocp.heartbeatIntervalMs).toBe(2000);
    expect(config.engine.period).toBe(512);
    expect(config.ocp.serialPorts).toEqual([{ path: "/dev/ttyACM0", baud: 57600 }, {
      path: "/dev/ttyUSB1",
      baud: 115200,
    }]);
    expect(config.daemon.meterTestTone).toBe(true);
    expect([config.ocp.host, config.daemon.listen, config.api.listen]).toEqual([
      "0.0.0.0",
      "0.0.0.0",
      "0.0.0.0",
    ]);
    expect(config.dataDir).toBe("/home/dj/state");
  });

  test("stem separation defaults to the enhanced tier with an 8 GiB cache and no demucs model", () => {
    const result = loadConfig({
      env: { MIXERA_DEMUCS_MODEL: "/models/htdemucs.onnx" },
      flags: { "stem-algo": "simple" },
      home: "/home/dj",
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.config.stems).toEqual({
      enabled: true,
      cacheDir: null,
      cacheMaxBytes: 8 * 1024 ** 3,
      algo: "simple",
      jobs: 1,
      demucsModel: "/models/htdemucs.onnx",
      demucsSegmentFrames: 343_980,
    });
    const bad = loadConfig({ env: {}, flags: { "stem-algo": "spleeter" } });
    expect(bad.ok ? "" : bad.message).toMatch(/stems\.algo \(from --stem-algo\)/);
  });

  test("a bad value names the field and its source", () => {
    const bad = (sources: Parameters<typeof loadConfig>[0]) => {
      const result = loadConfig(sources);
      if (result.ok) throw new Error("expected a config error");
      return result.message;
    };
    expect(bad({ env: { MIXERA_OCP_PORT: "70000" }, flags: {} })).toMatch(
      /^invalid config: ocp\.port \(from MIXERA_OCP_PORT\): /,
    );
    expect(bad({ env: {}, flags: { "sample-rate": "fast" } })).toMatch(
      /engine\.sampleRate \(from --sample-rate\).*number/,
    );
    expect(bad({ env: { MIXERA_LOG_LEVEL: "loud" }, flags: {} })).toMatch(
      /log\.level \(from MIXERA_LOG_LEVEL\)/,
    );
    const typo = configFile(JSON.stringify({ ocp: { prot: 1 } }));
    expect(bad({ env: {}, flags: {}, configFile: typo })).toMatch(/ocp \(in .*\): Unrecognized key: "prot"/);
    expect(bad({ env: {}, flags: {}, configFile: configFile("{nope") })).toMatch(/cannot read config file/);
  });
});
