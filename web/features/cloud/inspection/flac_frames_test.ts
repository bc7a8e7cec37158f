import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { makeAudioFiles } from "../testing/audio_files.ts";
import { lastFlacSample } from "./flac_frames.ts";

describe("lastFlacSample", () => {
  const flac = makeAudioFiles(3, 4).flac;
  const nominalBlockSize = (flac[8 + 2] << 8) | flac[8 + 3];

  it("finds where the audio of a whole file ends: all its samples", () => {
    assert.equal(lastFlacSample(flac.subarray(flac.length - 64 * 1024), nominalBlockSize), 3 * 44100);
  });

  it("finds an earlier end in a file cut short", () => {
    const cut = flac.subarray(0, Math.floor(flac.length / 2));
    const end = lastFlacSample(cut.subarray(cut.length - 64 * 1024), nominalBlockSize)!;
    assert.ok(end > 0 && end < 3 * 44100, String(end));
  });

  it("trusts nothing in noise", () => {
    const noise = new Uint8Array(64 * 1024);
    let state = 7;
    for (let i = 0; i < noise.length; i++) {
      noise[i] = (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
    }
    assert.equal(lastFlacSample(noise, nominalBlockSize), null);
  });
});
