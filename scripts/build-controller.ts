// Builds the controller into one self-contained binary (default dist/mixera-controller).
// Every controller/**/*.worker.ts file is passed as an extra entrypoint, so code can start it with
// `new Worker(new URL("./name.worker.ts", import.meta.url))` both from source and inside the binary.
// Usage: bun scripts/build-controller.ts [--outfile PATH]
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outfileArg = process.argv.indexOf("--outfile");
const outfile = outfileArg >= 0 ? process.argv[outfileArg + 1] : join(root, "dist", "mixera-controller");
const workers = [...new Bun.Glob("controller/**/*.worker.ts").scanSync({ cwd: root })].sort();

console.log(`building ${outfile}${workers.length ? ` with workers: ${workers.join(", ")}` : ""}`);
const build = Bun.spawnSync(
  [process.execPath, "build", "--compile", "controller/main.ts", ...workers, "--outfile", outfile],
  { cwd: root, stdout: "inherit", stderr: "inherit" },
);
process.exit(build.exitCode ?? 1);
