/**
 * @module
 * Writes synthesised tracks to disk in the four formats the library accepts (WAV and AIFF here, MP3 and
 * FLAC through the `lame` and `flac` command-line encoders), for tests and the benchmark.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { encodeAiff, encodeWav } from "../../audio/testing/fixtures.ts";
import type { SynthTrack } from "./synth.ts";

export type FileFormat = "wav" | "aiff" | "mp3" | "flac";

export function hasTool(name: string): boolean {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function toInt16(channel: Float32Array): Int16Array {
  return Int16Array.from(channel, (x) => Math.max(-32768, Math.min(32767, Math.round(x * 32767))));
}

/** Writes `track` as `<base>.<format>`; MP3 and FLAC go through a WAV written beside it. Returns the path. */
export function writeTrack(
  track: SynthTrack,
  base: string,
  format: FileFormat,
  lameArgs: string[] = [],
): string {
  const options = { sampleRate: track.sampleRate, channels: track.channels.map(toInt16), bits: 16 as const };
  const path = `${base}.${format}`;
  if (format === "aiff") {
    writeFileSync(path, encodeAiff(options));
    return path;
  }
  const wav = `${base}.wav`;
  writeFileSync(wav, encodeWav(options));
  if (format === "mp3") {
    execFileSync("lame", ["--silent", "-b", "192", ...lameArgs, wav, path], { stdio: "ignore" });
  }
  if (format === "flac") execFileSync("flac", ["-s", "-f", "-o", path, wav], { stdio: "ignore" });
  return path;
}
