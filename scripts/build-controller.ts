// Builds the controller into one self-contained binary (default dist/mixera-controller).
// Every Worker file (controller/**/*_worker.ts or *.worker.ts) is passed as an extra entrypoint. Inside
// the binary a Worker is then found at `./<path under controller/>` (e.g. `new Worker("./engine/decode_worker.ts")`,
// see controller/audio/spawn_worker.ts), or as `new URL("./x.worker.ts", import.meta.url)` from its importer.
// Usage: bun scripts/build-controller.ts [--outfile PATH]
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outfileArg = process.argv.indexOf("--outfile");
const outfile = outfileArg >= 0 ? process.argv[outfileArg + 1] : join(root, "dist", "mixera-controller");
// A Worker file listens on `self`; this keeps helpers such as spawn_worker.ts out of the entrypoints.
const listensOnSelf = /\bself\.(onmessage|addEventListener)\b/;
const workers = ["controller/**/*_worker.ts", "controller/**/*.worker.ts"]
  .flatMap((pattern) => [...new Bun.Glob(pattern).scanSync({ cwd: root })])
  .filter((path) => listensOnSelf.test(readFileSync(join(root, path), "utf8")))
  .sort();

console.log(`building ${outfile}${workers.length ? ` with workers: ${workers.join(", ")}` : ""}`);
const build = Bun.spawnSync(
  [process.execPath, "build", "--compile", "controller/main.ts", ...workers, "--outfile", outfile],
  { cwd: root, stdout: "inherit", stderr: "inherit" },
);
process.exit(build.exitCode ?? 1);
