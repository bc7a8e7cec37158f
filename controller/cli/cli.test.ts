import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./cli.ts";
import type { CliIo } from "./io.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mixera-cli-"));
  dirs.push(dir);
  return join(dir, "data");
}

function harness(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stop = Promise.withResolvers<string>();
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { MIXERA_DAEMON_ENABLED: "0", MIXERA_ENGINE_ENABLED: "0", MIXERA_API_ENABLED: "0", ...env },
    shutdownSignal: () => stop.promise,
  };
  return { io, out, err, stop: (signal = "SIGTERM") => stop.resolve(signal) };
}

const until = async (condition: () => boolean) => {
  while (!condition()) await Bun.sleep(2);
};

describe("mixera-controller CLI", () => {
  test("--help lists every command; each command has its own --help", async () => {
    const h = harness();
    expect(await runCli(["--help"], h.io)).toBe(0);
    for (const name of ["run", "version", "provision", "accessories", "simulate-accessory"]) {
      expect(h.out.some((l) => l.trimStart().startsWith(name))).toBe(true);
      const sub = harness();
      expect(await runCli([name, "--help"], sub.io)).toBe(0);
      expect(sub.out[0]).toStartWith(`Usage: mixera-controller ${name}`);
    }
  });

  test("unknown commands and flags are usage errors (exit 2)", async () => {
    const a = harness();
    expect(await runCli(["dance"], a.io)).toBe(2);
    expect(a.err[0]).toContain('unknown command "dance"');
    const b = harness();
    expect(await runCli(["version", "--loud"], b.io)).toBe(2);
    expect(b.err[0]).toContain("--loud");
  });

  test("bad configuration exits 2 with a message naming the field", async () => {
    const h = harness({ MIXERA_SAMPLE_RATE: "1" });
    expect(await runCli(["run", "--data-dir", dataDir()], h.io)).toBe(2);
    expect(h.err[0]).toMatch(/engine\.sampleRate \(from MIXERA_SAMPLE_RATE\)/);
  });

  test("provision prints the identity once; accessories trust, list and forget", async () => {
    const dir = dataDir();
    const p = harness();
    expect(await runCli(["provision", "--data-dir", dir, "--model", "MXR-DJCTRL-v2"], p.io)).toBe(0);
    expect(p.out[0]).toMatch(/^serial_number: MXR-\d{8}-\d{6}$/);
    expect(p.out.at(-1)).toMatch(/^public_key \(Ed25519, base64\): [A-Za-z0-9+/]{43}=$/);
    expect(await runCli(["provision", "--data-dir", dir], harness().io)).toBe(1);

    expect(await runCli(["accessories", "trust", "MXR-20250702-000001", "--data-dir", dir], harness().io))
      .toBe(0);
    const list = harness();
    expect(await runCli(["accessories", "list", "--json", "--data-dir", dir], list.io)).toBe(0);
    expect(JSON.parse(list.out[0])).toMatchObject([{ serial: "MXR-20250702-000001", trusted: true }]);
    const forget = harness();
    expect(await runCli(["accessories", "forget", "MXR-20250702-000001", "--data-dir", dir], forget.io)).toBe(
      0,
    );
    expect(forget.out[0]).toBe("forgot MXR-20250702-000001");
    expect(await runCli(["accessories", "trust", "--data-dir", dir], harness().io)).toBe(2);
  });

  test("run prints what it listens on; a simulated board connects; SIGTERM stops it cleanly", async () => {
    const dir = dataDir();
    const controller = harness();
    const running = runCli(
      ["run", "--data-dir", dir, "--ocp-port", "0", "--log-level", "error"],
      controller.io,
    );
    await until(() => controller.out.length >= 2);
    expect(controller.out[0]).toMatch(/listening on:$/);
    const port = /ocp accessories: tcp 127\.0\.0\.1:(\d+)/.exec(controller.out[1])![1];

    const script = join(dir, "..", "moves.jsonl");
    writeFileSync(
      script,
      '{"at_ms":0,"event":"FADER_MOVE","chan":0,"pos":1}\n{"at_ms":5,"event":"FADER_MOVE","chan":1,"pos":1}\n',
    );
    const board = harness();
    const code = await runCli(
      [
        "simulate-accessory",
        "--connect",
        `127.0.0.1:${port}`,
        "--faders",
        "2",
        "--script",
        script,
        "--exit-after-script",
      ],
      board.io,
    );
    expect(code).toBe(0);
    expect(board.out[0]).toMatch(/^connected via tcp 127\.0\.0\.1:\d+: FULL, warnings: W004, codec msgpack$/);
    expect(board.out[1]).toBe("simulate-accessory stopped: script done; faders 1.00 1.00");

    controller.stop();
    expect(await running).toBe(0);
    const list = harness();
    await runCli(["accessories", "list", "--json", "--data-dir", dir], list.io);
    expect(JSON.parse(list.out[0])).toMatchObject([{
      serial: "MXR-20250701-000001",
      compatibility: "FULL",
      trusted: false,
    }]);
  });

  test("simulate-accessory reports a controller that is not there", async () => {
    const h = harness();
    const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = server.port;
    server.stop(true);
    expect(await runCli(["simulate-accessory", "--connect", `127.0.0.1:${port}`], h.io)).toBe(1);
    expect(h.err[0]).toStartWith("simulate-accessory: cannot reach the controller");
  });
});
