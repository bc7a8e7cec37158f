/**
 * @module
 * Entry point of the MIXERA controller runtime, compiled to one binary with `bun build --compile`
 * (`npm run build:controller` → dist/mixera-controller). See `mixera-controller --help`.
 */
import { runCli } from "./cli/cli.ts";
import { waitForShutdownSignal } from "./run.ts";

export { CONTROLLER_VERSION } from "./version.ts";

if (import.meta.main) {
  const code = await runCli(Bun.argv.slice(2), {
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    env: process.env,
    shutdownSignal: waitForShutdownSignal,
  });
  process.exit(code);
}
