/**
 * @module
 * Runs the daemon alone in its own process, for the restart/SIGTERM tests and the benchmark (which
 * needs the daemon on a core of its own). Usage: `bun controller/daemon/standalone.ts '<options JSON>'`;
 * prints one JSON line `{"ports":{…},"pid":…}` on stdout once listening. Logs go to stderr.
 */
import { Logger } from "../log/logger.ts";
import { startMixerDaemon } from "./mod.ts";

const options = JSON.parse(process.argv[2] ?? "{}");
const daemon = await startMixerDaemon({
  ports: { text: 0, ubjson: 0, ws: 0 },
  ...options,
  logger: new Logger({ level: options.logLevel ?? "warn" }),
});
process.stdout.write(`${JSON.stringify({ ports: daemon.ports, pid: process.pid })}\n`);
