// `update` and `supervise` in-process: usage, the A/B install it creates, its status, and a manifest this
// build cannot trust (run from source, no keys are compiled in). The supervised update paths run as real
// child processes in controller/ota/updates.test.ts and faults.test.ts.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manifestFor, newSigningKey, signed } from "../ota/testing/releases.ts";
import { CONTROLLER_VERSION } from "../version.ts";
import { runCli } from "./cli.ts";
import type { CliIo } from "./io.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function harness() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-update-cli-"));
  dirs.push(dir);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { MIXERA_DATA_DIR: join(dir, "data") },
    shutdownSignal: () => new Promise(() => {}),
  };
  return { dir, io, out, err };
}

describe("update command", () => {
  test("needs exactly one mode, and an A/B install for anything but --init", async () => {
    const h = harness();
    expect(await runCli(["update"], h.io)).toBe(2);
    expect(await runCli(["update", "--check", "--apply"], h.io)).toBe(2);
    expect(h.err[0]).toBe(
      "mixera-controller update: update needs exactly one of --check, --apply, --status, --init",
    );
    expect(await runCli(["update", "--status", "--ota-root", h.dir], h.io)).toBe(1);
    expect(h.err.at(-1)).toContain("not an A/B install");
    expect(await runCli(["supervise", "--ota-root", h.dir], h.io)).toBe(1);
  });

  test("--init installs a binary into slot a, and --status reports it", async () => {
    const h = harness();
    const binary = join(h.dir, "build");
    writeFileSync(binary, "#!/bin/sh\n");
    const root = join(h.dir, "install");
    expect(await runCli(["update", "--init", "--ota-root", root, "--binary", binary], h.io)).toBe(0);
    expect(readlinkSync(join(root, "current"))).toBe("slots/a");
    expect(readlinkSync(join(root, "good"))).toBe("slots/a");
    expect(await runCli(["update", "--init", "--ota-root", root, "--binary", binary], h.io)).toBe(1);
    expect(h.err.at(-1)).toBe(
      `mixera-controller: ${root} already holds an A/B install (see update --status)`,
    );
    h.out.length = 0;
    expect(await runCli(["update", "--status", "--json", "--ota-root", root], h.io)).toBe(0);
    expect(JSON.parse(h.out[0])).toEqual({
      root,
      current: { slot: "a", version: CONTROLLER_VERSION },
      good: { slot: "a", version: CONTROLLER_VERSION },
      in_trial: false,
      trust: { highestVersion: CONTROLLER_VERSION, lastSequence: 0 },
      queued_outcomes: [],
    });
  });

  test("refuses a manifest signed by a key this build does not trust, and changes nothing", async () => {
    const h = harness();
    const binary = join(h.dir, "build");
    writeFileSync(binary, "#!/bin/sh\n");
    const root = join(h.dir, "install");
    await runCli(["update", "--init", "--ota-root", root, "--binary", binary], h.io);
    const artifact = new TextEncoder().encode("#!/bin/sh\necho 9.9.9\n");
    const file = join(h.dir, "manifest.json");
    const manifest = manifestFor(artifact, "http://127.0.0.1:9/none", { version: "9.9.9", sequence: 1 });
    writeFileSync(file, JSON.stringify(await signed(manifest, await newSigningKey())));
    expect(await runCli(["update", "--apply", "--manifest", file, "--ota-root", root], h.io)).toBe(1);
    expect(h.err.at(-1)).toBe(
      "update refused (unknown_key): the manifest is signed by a key this build does not trust",
    );
    expect(readlinkSync(join(root, "current"))).toBe("slots/a");
  });
});
