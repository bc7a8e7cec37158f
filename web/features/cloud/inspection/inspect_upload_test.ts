import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsStorage } from "../../../storage/fs_storage.ts";
import { corrupt, flacBomb, makeAudioFiles, PNG_BYTES, retagMp3, wavBomb } from "../testing/audio_files.ts";
import { inspectStoredAudio } from "./inspect_upload.ts";
import { UploadRejection } from "./rejection.ts";

const dir = mkdtempSync(join(tmpdir(), "mixera-inspect-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const storage = fsStorage(dir);
const files = makeAudioFiles(2);

async function inspect(bytes: Uint8Array) {
  const key = `t/${crypto.randomUUID()}`;
  await storage.put(key, bytes);
  return await inspectStoredAudio(storage, key, bytes.length);
}

async function rejection(bytes: Uint8Array): Promise<string> {
  try {
    await inspect(bytes);
  } catch (error) {
    if (error instanceof UploadRejection) return error.message;
    throw error;
  }
  assert.fail("the file was accepted");
}

describe("inspectStoredAudio", () => {
  it("accepts the four formats, detected from their bytes", async () => {
    for (const format of ["wav", "aiff", "mp3", "flac"] as const) {
      const result = await inspect(files[format]);
      assert.equal(result.format, format);
      assert.match(result.sha256, /^[0-9a-f]{64}$/);
      // Headers and metadata are not audio; lame writes no tags, so its MP3 is all audio.
      if (format !== "mp3") assert.notEqual(result.audioFingerprint, result.sha256, format);
    }
  });

  it("gives a re-tagged MP3 the audio fingerprint of the original and another file hash", async () => {
    const a = await inspect(retagMp3(files.mp3, "Original Title"));
    const b = await inspect(retagMp3(files.mp3, "Another Title (Extended Mix)"));
    assert.equal(a.audioFingerprint, b.audioFingerprint);
    assert.notEqual(a.sha256, b.sha256);
    const other = await inspect(makeAudioFiles(2, 7).mp3);
    assert.notEqual(other.audioFingerprint, a.audioFingerprint);
  });

  it("refuses bad input with a message that says what is wrong", async () => {
    assert.match(await rejection(new Uint8Array()), /empty/);
    assert.match(await rejection(PNG_BYTES), /not an audio file/);
    assert.match(await rejection(files.wav.subarray(0, files.wav.length / 2)), /truncated/);
    assert.match(await rejection(files.aiff.subarray(0, files.aiff.length / 2)), /truncated/);
    assert.match(await rejection(files.mp3.subarray(0, files.mp3.length - 100)), /truncated/);
    assert.match(await rejection(files.flac.subarray(0, Math.floor(files.flac.length * 0.6))), /truncated/);
    assert.match(await rejection(wavBomb()), /truncated/);
    assert.match(await rejection(flacBomb(files.flac)), /hours of audio/);
    assert.match(await rejection(corrupt(files.flac, 42)), /FLAC/);
    assert.match(await rejection(corrupt(files.mp3, 3)), /not a valid MP3|truncated|corrupt/);
    assert.match(await rejection(corrupt(files.wav, 12)), /not a valid WAV/);
  });
});
