/**
 * @module
 * Runs the real engine, fed by a mixer daemon's state tree, with the engine API on its own, for the browser
 * test and the benchmark (the product starts them from `controller/main.ts run`). Every port is ephemeral
 * unless given. Prints one JSON line with the bound API ports, then serves until SIGTERM/SIGINT, and prints a
 * last JSON line with the output's underrun count. JACK output: `--device plug:jack` with JACK_DEFAULT_SERVER.
 *
 * Usage: bun controller/api/serve_engine_api.ts [--port 0] [--ws-port 0] [--device null]
 */
import { parseArgs } from "node:util";
import { startMixerDaemon } from "../daemon/mod.ts";
import { createEngine } from "../engine/mod.ts";
import { Logger } from "../log/logger.ts";
import { startEngineApi } from "./mod.ts";

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "0" },
    "ws-port": { type: "string", default: "0" },
    device: { type: "string", default: "null" },
    "allow-origin": { type: "string", multiple: true, default: [] },
  },
});

const logger = new Logger({ level: "warn" });
const daemon = await startMixerDaemon({ logger, host: values.host, ports: { text: 0, ubjson: 0, ws: 0 } });
const engine = await createEngine({
  tree: daemon.tree,
  meters: daemon.meters,
  logger,
  alsaDevice: values.device,
});
const api = await startEngineApi({
  engine,
  logger,
  host: values.host,
  port: Number(values.port),
  wsPort: Number(values["ws-port"]),
  allowedOrigins: values["allow-origin"],
});
console.log(JSON.stringify(api.ports));

async function shutDown() {
  await api.close();
  const underruns = engine.underruns();
  await engine.close();
  await daemon.close();
  console.log(JSON.stringify({ underruns }));
  process.exit(0);
}
process.once("SIGTERM", shutDown);
process.once("SIGINT", shutDown);
