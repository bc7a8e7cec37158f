import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTROLLER_VERSION } from "./main.ts";

const root = join(import.meta.dir, "..");
const work = mkdtempSync(join(tmpdir(), "mixera-binary-"));
const binary = join(work, "bin", "mixera-controller");
const runDir = join(work, "elsewhere");
mkdirSync(runDir);
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Only the binary and a temp directory: no node_modules, no sources, another working directory.
const env = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  MIXERA_DAEMON_ENABLED: "0",
  MIXERA_ENGINE_ENABLED: "0",
  MIXERA_API_ENABLED: "0",
};
function runBinary(args: string[]) {
  const result = Bun.spawnSync([binary, ...args], { cwd: runDir, env });
  return { code: result.exitCode, out: result.stdout.toString(), err: result.stderr.toString() };
}

test("the controller reports a semver version", () => {
  expect(CONTROLLER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
});

describe("compiled binary", () => {
  test(
    "builds, and runs version, provision, run and simulate-accessory from a temporary directory",
    async () => {
      const build = Bun.spawnSync([process.execPath, "scripts/build-controller.ts", "--outfile", binary], {
        cwd: root,
      });
      expect(build.exitCode).toBe(0);

      const version = runBinary(["version"]);
      expect(version.code).toBe(0);
      expect(version.out).toStartWith(`mixera-controller ${CONTROLLER_VERSION}`);

      const provision = runBinary(["provision", "--data-dir", "state"]);
      expect(provision.code).toBe(0);
      const serial = /^serial_number: (MXR-\d{8}-\d{6})$/m.exec(provision.out)![1];

      const controller = Bun.spawn([binary, "run", "--data-dir", "state", "--ocp-port", "0"], {
        cwd: runDir,
        env,
        stdout: "pipe",
        stderr: "ignore",
      });
      const reader = controller.stdout.getReader();
      let output = "";
      while (!/ocp accessories: tcp 127\.0\.0\.1:\d+/.test(output)) {
        const { done, value } = await reader.read();
        if (done) break;
        output += new TextDecoder().decode(value);
      }
      expect(output).toContain(`mixera-controller ${CONTROLLER_VERSION} (${serial}) listening on:`);
      const port = /ocp accessories: tcp 127\.0\.0\.1:(\d+)/.exec(output)![1];

      const script = join(runDir, "moves.json");
      writeFileSync(script, JSON.stringify([{ at_ms: 0, event: "FADER_MOVE", chan: 0, pos: 0.5 }]));
      const board = runBinary([
        "simulate-accessory",
        "--connect",
        `127.0.0.1:${port}`,
        "--script",
        script,
        "--exit-after-script",
      ]);
      expect(board.code).toBe(0);
      expect(board.out).toContain("connected via tcp");

      controller.kill("SIGTERM");
      expect(await controller.exited).toBe(0);
    },
    120_000,
  );
});
