/**
 * @module
 * Audio files of all four library formats for tests, generated on the fly (WAV and AIFF in memory,
 * MP3 and FLAC through Debian's `lame` and `flac`), plus the bad inputs the upload checks refuse.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeAiff, encodeWav, testSignal16 } from "../../../../shared/audio/testing/fixtures.ts";

export interface AudioFiles {
  wav: Uint8Array;
  aiff: Uint8Array;
  mp3: Uint8Array;
  flac: Uint8Array;
}

/** One test signal of `seconds` (seed varies the audio) in the four formats. */
export function makeAudioFiles(seconds = 2, seed = 1): AudioFiles {
  const sampleRate = 44100;
  const left = testSignal16(sampleRate * seconds, seed);
  const right = testSignal16(sampleRate * seconds, seed + 1);
  const wav = encodeWav({ sampleRate, channels: [left, right], bits: 16 });
  const aiff = encodeAiff({ sampleRate, channels: [left, right], bits: 16 });
  const dir = mkdtempSync(join(tmpdir(), "mixera-audio-"));
  try {
    writeFileSync(join(dir, "in.wav"), wav);
    execFileSync("lame", ["--quiet", "-b", "128", join(dir, "in.wav"), join(dir, "out.mp3")], {
      stdio: "ignore",
    });
    execFileSync("flac", ["-s", "-f", "-o", join(dir, "out.flac"), join(dir, "in.wav")], { stdio: "ignore" });
    return {
      wav,
      aiff,
      mp3: new Uint8Array(readFileSync(join(dir, "out.mp3"))),
      flac: new Uint8Array(readFileSync(join(dir, "out.flac"))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function syncsafe(value: number): number[] {
  return [(value >> 21) & 0x7f, (value >> 14) & 0x7f, (value >> 7) & 0x7f, value & 0x7f];
}

/** `mp3` with its ID3v2 tag (if any) replaced by one holding `title`: a re-tagged copy. */
export function retagMp3(mp3: Uint8Array, title: string): Uint8Array {
  let start = 0;
  if (mp3[0] === 0x49 && mp3[1] === 0x44 && mp3[2] === 0x33) {
    start = 10 + ((mp3[6] << 21) | (mp3[7] << 14) | (mp3[8] << 7) | mp3[9]);
  }
  const text = new TextEncoder().encode(title);
  const frame = [...new TextEncoder().encode("TIT2"), 0, 0, 0, text.length + 1, 0, 0, 3, ...text];
  const tag = [...new TextEncoder().encode("ID3"), 4, 0, 0, ...syncsafe(frame.length), ...frame];
  const out = new Uint8Array(tag.length + mp3.length - start);
  out.set(tag);
  out.set(mp3.subarray(start), tag.length);
  return out;
}

/** A tiny valid PNG (1×1), to name `.mp3`. */
export const PNG_BYTES = Uint8Array.from(
  atob(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==",
  ),
  (c) => c.charCodeAt(0),
);

/** A WAV whose header declares 4 GB of samples on a few bytes: a decoder bomb (and a truncated file). */
export function wavBomb(): Uint8Array {
  const wav = encodeWav({ sampleRate: 44100, channels: [testSignal16(100)], bits: 16 });
  new DataView(wav.buffer).setUint32(60, 0xfffffff0, true);
  return wav;
}

/** A FLAC whose STREAMINFO declares about 27 hours of audio. */
export function flacBomb(flac: Uint8Array): Uint8Array {
  const out = flac.slice();
  // Total samples: 36 bits starting in the low nibble of byte 21 of the file.
  out[21] = (out[21] & 0xf0) | 0x01;
  out.set([0, 0, 0, 0], 22);
  return out;
}

/** The first bytes of a valid file followed by noise: a header that lies about what follows. */
export function corrupt(file: Uint8Array, keep: number): Uint8Array {
  const out = file.slice();
  let state = 12345;
  for (let i = keep; i < out.length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}
