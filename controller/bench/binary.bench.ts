/**
 * The compiled controller: binary size, and start-up time from spawn to the accessory port
 * listening (the `ocp accessories: tcp …` line), compared with running the same entry from source
 * under `bun` (baseline). The binary is built into a temporary directory.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, percentile, table } from "../../shared/bench/table.ts";

const root = join(import.meta.dir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "mixera-binary-bench-"));
const binary = join(work, "mixera-controller");
const buildStart = performance.now();
const build = Bun.spawnSync([process.execPath, "scripts/build-controller.ts", "--outfile", binary], {
  cwd: root,
});
if (build.exitCode !== 0) throw new Error(build.stderr.toString());
const buildMs = performance.now() - buildStart;
const env = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  HOME: work,
  MIXERA_DAEMON_ENABLED: "0",
  MIXERA_ENGINE_ENABLED: "0",
  MIXERA_API_ENABLED: "0",
};

async function startupMs(command: string[]): Promise<number> {
  const start = performance.now();
  const child = Bun.spawn([...command, "run", "--data-dir", join(work, "state"), "--ocp-port", "0"], {
    cwd: root,
    env,
    stdout: "pipe",
    stderr: "ignore",
  });
  const reader = child.stdout.getReader();
  let output = "";
  while (!output.includes("ocp accessories: tcp")) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`exited before listening: ${output}`);
    output += new TextDecoder().decode(value);
  }
  const elapsed = performance.now() - start;
  child.kill("SIGTERM");
  await child.exited;
  return elapsed;
}

async function series(command: string[], runs = 15): Promise<number[]> {
  await startupMs(command);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await startupMs(command));
  return times.sort((a, b) => a - b);
}

const compiled = await series([binary]);
const source = await series([process.execPath, join(root, "controller", "main.ts")]);
const size = statSync(binary).size;
rmSync(work, { recursive: true, force: true });

console.log(table(["measure", "value"], [
  ["binary size", `${fmt(size / 1024 / 1024, 1)} MiB (${size.toLocaleString("en")} bytes)`],
  ["build time (bun build --compile)", `${fmt(buildMs / 1000, 1)} s`],
]));
console.log();
console.log(table(["start → accessory port listening", "runs", "p50 ms", "p90 ms", "max ms", "vs source"], [
  [
    "compiled binary",
    compiled.length,
    fmt(percentile(compiled, 50), 1),
    fmt(percentile(compiled, 90), 1),
    fmt(compiled.at(-1)!, 1),
    `${fmt(percentile(compiled, 50) / percentile(source, 50))}×`,
  ],
  [
    "bun controller/main.ts (baseline)",
    source.length,
    fmt(percentile(source, 50), 1),
    fmt(percentile(source, 90), 1),
    fmt(source.at(-1)!, 1),
    "1.00×",
  ],
]));
