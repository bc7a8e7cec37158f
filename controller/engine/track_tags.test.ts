import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeWav, testSignal16 } from "../../shared/audio/testing/fixtures.ts";
import { withId3Chunk } from "../../shared/audio/testing/id3_chunk.ts";
import { tempDir } from "./testing/support.ts";
import { readTags } from "./track_tags.ts";

const dir = tempDir("mixera-tags-");
afterAll(() => dir.remove());

describe("track tags", () => {
  test("reads title, artist, genre, tempo and key as DJ software tags them", async () => {
    const path = join(dir.path, "tagged.wav");
    const samples = testSignal16(4410, 3);
    const wav = encodeWav({ sampleRate: 44100, channels: [samples], bits: 16 });
    writeFileSync(
      path,
      withId3Chunk(wav, { TIT2: "Night Drive", TPE1: "DJ Test", TCON: "House", TBPM: "124", TKEY: "F#m" }),
    );
    expect(await readTags(path)).toEqual({
      title: "Night Drive",
      artist: "DJ Test",
      album: null,
      genre: "House",
      bpm: 124,
      key: "F#m",
      frames: 4410,
    });
  });

  test("a file without tags gives nulls", async () => {
    const path = join(dir.path, "plain.wav");
    writeFileSync(path, encodeWav({ sampleRate: 44100, channels: [testSignal16(441, 1)], bits: 16 }));
    expect(await readTags(path)).toMatchObject({ title: null, genre: null, bpm: null, key: null });
  });
});
