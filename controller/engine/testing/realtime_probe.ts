/**
 * @module
 * Child process for the real-time tests and the benchmark: JACK's server name reaches libjack only
 * through the process environment, so the engine runs here, started with JACK_DEFAULT_SERVER set.
 * Usage: bun realtime_probe.ts <dir>. Prints one JSON line with what it measured.
 */
import { join } from "node:path";
import { createEngine, createMemoryMixerTree } from "../mod.ts";
import { quietLogger, writeSignalWav } from "./support.ts";

const dir = process.argv[2];
const engine = await createEngine({
  tree: createMemoryMixerTree(),
  logger: quietLogger().logger,
  alsaDevice: "plug:jack",
});
try {
  writeSignalWav(join(dir, "44k.wav"), 44100 * 3, 44100);
  writeSignalWav(join(dir, "48k.wav"), 48000 * 3, 48000);
  await engine.load(0, join(dir, "44k.wav"));
  await engine.load(1, join(dir, "48k.wav"));
  await Bun.sleep(200);
  engine.play(0);
  engine.play(1);
  const startedAt = performance.now();
  await Bun.sleep(1500);
  const elapsed = (performance.now() - startedAt) / 1000;
  const [deck0, deck1] = engine.status();
  const underrunsBeforeStall = engine.underruns();
  // Stall the main thread (the ring's only writer) far longer than the ring and the ALSA buffer hold.
  const stallUntil = performance.now() + 400;
  while (performance.now() < stallUntil);
  await Bun.sleep(300);
  console.log(JSON.stringify({
    mode: engine.outputInfo().mode,
    speed44k: deck0.position_sec / elapsed,
    speed48k: deck1.position_sec / elapsed,
    underrunsBeforeStall,
    underrunsAfterStall: engine.underruns(),
  }));
} finally {
  await engine.close();
}
