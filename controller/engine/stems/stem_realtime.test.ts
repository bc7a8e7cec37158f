import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { hasCommand, startJackDummy, tempDir } from "../testing/support.ts";

const canRun = hasCommand("jackd") && hasCommand("jack_wait", "-h");

describe.skipIf(!canRun)("a separation job beside real-time playback (jackd -d dummy)", () => {
  const dir = tempDir("stem-rt-");
  let jack: { name: string; stop(): void };
  let result: { result: string; jobSeconds: number; speed: number; underrunsDuringJob: number };

  beforeAll(async () => {
    jack = await startJackDummy();
    const probe = spawnSync(process.execPath, [
      new URL("../testing/stem_realtime_probe.ts", import.meta.url).pathname,
      dir.path,
    ], {
      env: { ...process.env, JACK_DEFAULT_SERVER: jack.name, JACK_NO_START_SERVER: "1" },
      encoding: "utf8",
      timeout: 90_000,
    });
    const line = probe.stdout.trim().split("\n").at(-1) ?? "";
    if (!line.startsWith("{")) throw new Error(`probe failed: ${probe.stdout}${probe.stderr}`);
    result = JSON.parse(line);
  }, 100_000);
  afterAll(() => {
    jack?.stop();
    dir.remove();
  });

  it("finishes the job", () => {
    expect(result.result).toBe("stem_done");
  });

  it("never underruns the output while the job runs, and the deck keeps playing", () => {
    expect(result.underrunsDuringJob).toBe(0);
    // Loose: the dummy driver's clock is a sleeping thread, which itself runs late on a loaded machine.
    expect(result.speed).toBeGreaterThan(0.5);
    expect(result.speed).toBeLessThan(1.2);
  });
});
