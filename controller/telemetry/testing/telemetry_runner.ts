/**
 * @module
 * A child process for the telemetry crash test: telemetry on the store in `argv[2]` hears deck 0 play
 * on air, ends a period (which checkpoints the running session), prints `checkpointed`, and keeps
 * playing until it is killed.
 */
import { ControllerConfigSchema } from "../../config/schema.ts";
import { createMemoryMixerTree } from "../../engine/mixer_tree.ts";
import { createMemoryLogger } from "../../log/logger.ts";
import { ControllerStore } from "../../store/store.ts";
import { startTelemetry } from "../telemetry_service.ts";
import { decks, track } from "./decks.ts";

const dir = process.argv[2];
const store = new ControllerStore(dir);
const telemetry = startTelemetry({
  settings: ControllerConfigSchema.parse({ dataDir: dir }).telemetry,
  db: store.db,
  tree: createMemoryMixerTree(),
  engine: { onEvent: () => () => {}, underruns: () => 0 },
  logger: createMemoryLogger().logger,
  serial: "MXR-20250701-000123",
  timer: false,
});
const playing = decks({ 0: { track: track({ title: "Killed Mid-Set" }), playing: true } });
const started = Date.now();
while (Date.now() - started < 300) {
  telemetry.observeDecks(playing, Date.now());
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await telemetry.period();
process.stdout.write("checkpointed\n");
setInterval(() => telemetry.observeDecks(playing, Date.now()), 10);
