// Builds the controller into one self-contained binary (default dist/mixera-controller).
// Every Worker file (controller/**/*_worker.ts or *.worker.ts) is passed as an extra entrypoint. Inside
// the binary a Worker is then found at `./<path under controller/>` (e.g. `new Worker("./engine/decode_worker.ts")`,
// see controller/audio/spawn_worker.ts), or as `new URL("./x.worker.ts", import.meta.url)` from its importer.
// --version bakes a firmware version into the binary (controller/version.ts); the firmware signing public keys
// it trusts come from MIXERA_FIRMWARE_TRUSTED_KEYS (comma-separated base64url, see shared/ota/trusted_keys.ts).
// Usage: bun scripts/build-controller.ts [--outfile PATH] [--version SEMVER]
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outfileArg = process.argv.indexOf("--outfile");
const outfile = outfileArg >= 0 ? process.argv[outfileArg + 1] : join(root, "dist", "mixera-controller");
const versionArg = process.argv.indexOf("--version");
const version = versionArg >= 0 ? process.argv[versionArg + 1] : process.env.MIXERA_CONTROLLER_VERSION;
if (version !== undefined && !/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version)) {
  console.error(`--version: expected a semantic version, got ${version}`);
  process.exit(2);
}
const trustedKeys = process.env.MIXERA_FIRMWARE_TRUSTED_KEYS;
const defines = [
  ...(version ? ["--define", `MIXERA_CONTROLLER_VERSION=${JSON.stringify(version)}`] : []),
  ...(trustedKeys ? ["--define", `MIXERA_FIRMWARE_TRUSTED_KEYS=${JSON.stringify(trustedKeys)}`] : []),
];
// A Worker file listens on `self`; this keeps helpers such as spawn_worker.ts out of the entrypoints.
const listensOnSelf = /\bself\.(onmessage|addEventListener)\b/;
const workers = ["controller/**/*_worker.ts", "controller/**/*.worker.ts"]
  .flatMap((pattern) => [...new Bun.Glob(pattern).scanSync({ cwd: root })])
  .filter((path) => listensOnSelf.test(readFileSync(join(root, path), "utf8")))
  .sort();

console.log(`building ${outfile}${workers.length ? ` with workers: ${workers.join(", ")}` : ""}`);
const build = Bun.spawnSync(
  [
    process.execPath,
    "build",
    "--compile",
    ...defines,
    "controller/main.ts",
    ...workers,
    "--outfile",
    outfile,
  ],
  { cwd: root, stdout: "inherit", stderr: "inherit" },
);
process.exit(build.exitCode ?? 1);
