/**
 * @module
 * Child process for the stem real-time test: plays a track through `plug:jack` (device-paced) while the
 * stem queue separates a minute of audio with the `enhanced` tier, and counts underruns before and during
 * the job. Usage: bun stem_realtime_probe.ts <dir>. Prints one JSON line.
 */
import { join } from "node:path";
import { createEngine, createMemoryMixerTree, type EngineEvent } from "../mod.ts";
import { quietLogger, writeSignalWav } from "./support.ts";

const dir = process.argv[2];
const engine = await createEngine({
  tree: createMemoryMixerTree(),
  logger: quietLogger().logger,
  alsaDevice: "plug:jack",
  stems: { cacheDir: join(dir, "stems"), cacheMaxBytes: 1024 ** 3, tier: "enhanced", demucsModel: null },
});
const events: EngineEvent[] = [];
engine.onEvent((event) => events.push(event));
try {
  writeSignalWav(join(dir, "deck.wav"), 44100 * 20);
  writeSignalWav(join(dir, "job.wav"), 44100 * 60);
  await engine.load(0, join(dir, "deck.wav"));
  await Bun.sleep(300);
  engine.play(0);
  await Bun.sleep(1000);
  const underrunsBefore = engine.underruns();
  const startedAt = performance.now();
  const positionAtStart = engine.status()[0].position_sec;
  engine.stems!.separate("job", join(dir, "job.wav"));
  const deadline = Date.now() + 60_000;
  while (!events.some((e) => e.event === "stem_done" || e.event === "stem_error") && Date.now() < deadline) {
    await Bun.sleep(20);
  }
  const jobSeconds = (performance.now() - startedAt) / 1000;
  const speed = (engine.status()[0].position_sec - positionAtStart) / jobSeconds;
  // ALSA reports an underrun at the first write after it: give the output time to make that write.
  await Bun.sleep(300);
  console.log(JSON.stringify({
    result: events.find((e) => e.event === "stem_done" || e.event === "stem_error")?.event ?? "timeout",
    jobSeconds,
    speed,
    underrunsBefore,
    underrunsDuringJob: engine.underruns() - underrunsBefore,
  }));
} finally {
  await engine.close();
}
