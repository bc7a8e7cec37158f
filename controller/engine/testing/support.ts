/**
 * @module
 * Test support for the engine: generated audio fixtures, ALSA `file` captures and a private JACK dummy
 * server per test (unique name, so parallel runs never share one).
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav, testSignal16 } from "../../../shared/audio/testing/fixtures.ts";
import { createMemoryLogger } from "../../log/logger.ts";

export function hasCommand(name: string, versionFlag = "--version"): boolean {
  return spawnSync(name, [versionFlag], { stdio: "ignore" }).error === undefined;
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes a 16-bit stereo WAV of a deterministic signal whose first frame is loud (easy to find). */
export function writeSignalWav(path: string, frames: number, sampleRate = 44100): Int16Array[] {
  const channels = [testSignal16(frames, 11), testSignal16(frames, 12)];
  channels[0][0] = 12345;
  channels[1][0] = -12345;
  writeFileSync(path, encodeWav({ sampleRate, channels, bits: 16 }));
  return channels;
}

/** Interleaved 16-bit frames written by an ALSA `file:FILE=…,FORMAT=raw` PCM. */
export function readCapture(path: string): Int16Array {
  const bytes = new Uint8Array(readFileSync(path));
  return new Int16Array(bytes.buffer, 0, bytes.length >> 1);
}

export function quietLogger() {
  return createMemoryLogger({ level: "debug" });
}

let jackServers = 0;

/** Starts `jackd -d dummy` under a unique server name and waits until clients can connect. */
export async function startJackDummy(
  sampleRate = 44100,
  period = 256,
): Promise<{ name: string; stop(): void }> {
  const name = `mixera-test-${process.pid}-${++jackServers}`;
  // The dummy driver sleeps `-w` µs per cycle (21333 by default whatever the period): match the period.
  const waitUs = String(Math.round((period * 1e6) / sampleRate));
  const args = [
    "-n",
    name,
    "-r",
    "-d",
    "dummy",
    "-r",
    String(sampleRate),
    "-p",
    String(period),
    "-w",
    waitUs,
  ];
  const jackd = spawn("jackd", args, {
    stdio: "ignore",
    env: { ...process.env, JACK_NO_AUDIO_RESERVATION: "1" },
  });
  const ready = await new Promise<number | null>((resolve) => {
    const wait = spawn("jack_wait", ["-s", name, "-w", "-t", "10"], { stdio: "ignore" });
    wait.on("exit", resolve);
    wait.on("error", () => resolve(null));
  });
  if (ready !== 0) {
    jackd.kill("SIGKILL");
    throw new Error(`jackd ${name} did not start`);
  }
  return {
    name,
    stop() {
      jackd.kill("SIGTERM");
    },
  };
}
