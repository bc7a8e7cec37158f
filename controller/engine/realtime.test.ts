import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { spawnSync } from "node:child_process";
import { hasCommand, startJackDummy, tempDir } from "./testing/support.ts";

const canRun = hasCommand("jackd") && hasCommand("jack_wait", "-h");

describe.skipIf(!canRun)("engine in real time through jackd -d dummy and the ALSA jack plugin", () => {
  const dir = tempDir("engine-rt-");
  let jack: { name: string; stop(): void };
  let result: {
    mode: string;
    speed44k: number;
    speed48k: number;
    underrunsBeforeStall: number;
    underrunsAfterStall: number;
  };

  beforeAll(async () => {
    jack = await startJackDummy();
    const probe = spawnSync(process.execPath, [
      new URL("./testing/realtime_probe.ts", import.meta.url).pathname,
      dir.path,
    ], {
      env: { ...process.env, JACK_DEFAULT_SERVER: jack.name, JACK_NO_START_SERVER: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });
    const line = probe.stdout.trim().split("\n").at(-1) ?? "";
    if (!line.startsWith("{")) throw new Error(`probe failed: ${probe.stdout}${probe.stderr}`);
    result = JSON.parse(line);
  }, 40_000);
  afterAll(() => {
    jack?.stop();
    dir.remove();
  });

  it("plays device-paced through ALSA", () => {
    expect(result.mode).toBe("alsa");
  });

  it("advances the deck position in real time, also for a 48 kHz file on the 44.1 kHz output", () => {
    // Loose bounds: the pace comes from the JACK clock, not the machine's load.
    expect(result.speed44k).toBeGreaterThan(0.8);
    expect(result.speed44k).toBeLessThan(1.2);
    expect(result.speed48k).toBeGreaterThan(0.8);
    expect(result.speed48k).toBeLessThan(1.2);
  });

  it("counts underruns when the writer is stalled", () => {
    expect(result.underrunsAfterStall).toBeGreaterThan(result.underrunsBeforeStall);
  });
});

describe.skipIf(!canRun)("engine in real time while a cloud track downloads at full speed", () => {
  const dir = tempDir("engine-rt-cloud-");
  let jack: { name: string; stop(): void };
  let result: {
    mode: string;
    playing: number;
    fetchedBytes: number;
    megabytesPerSecond: number;
    underrunsDuringDownload: number;
  };

  beforeAll(async () => {
    jack = await startJackDummy();
    const probe = spawnSync(process.execPath, [
      new URL("./testing/cloud_download_probe.ts", import.meta.url).pathname,
      dir.path,
      "96",
    ], {
      env: { ...process.env, JACK_DEFAULT_SERVER: jack.name, JACK_NO_START_SERVER: "1" },
      encoding: "utf8",
      timeout: 60_000,
    });
    const line = probe.stdout.trim().split("\n").at(-1) ?? "";
    if (!line.startsWith("{")) throw new Error(`probe failed: ${probe.stdout}${probe.stderr}`);
    result = JSON.parse(line);
  }, 70_000);
  afterAll(() => {
    jack?.stop();
    dir.remove();
  });

  it("keeps four decks playing without an underrun while the download Worker fetches 96 MB", () => {
    expect(result.mode).toBe("alsa");
    expect(result.playing).toBe(4);
    expect(result.fetchedBytes).toBe(96 * 1024 * 1024);
    expect(result.underrunsDuringDownload).toBe(0);
  });
});
