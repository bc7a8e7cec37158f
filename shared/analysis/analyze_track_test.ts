import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AudioParseError } from "../audio/pcm_layout.ts";
import { analyzeTrack } from "./analyze_track.ts";
import { hasTool, writeTrack } from "./testing/files.ts";
import { synthTrack } from "./testing/synth.ts";

const dir = mkdtempSync(join(tmpdir(), "analyze-track-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const track = synthTrack({ bpm: 126, key: { tonic: 7, mode: "major" }, seconds: 20, leadIn: 0.4 });
const beat = 60 / 126;
const expectedFirstBeat = 0.4 % beat;
const beatError = (found: number) => Math.abs(((found - expectedFirstBeat + beat * 1.5) % beat) - beat / 2);

/** A 1x1 PNG, small enough to embed as cover art. */
const PNG = Uint8Array.from(
  atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
  (c) => c.charCodeAt(0),
);

describe("analyzeTrack", () => {
  for (const format of ["wav", "aiff", "flac", "mp3"] as const) {
    const needs = format === "mp3" ? "lame" : format === "flac" ? "flac" : null;
    it(`analyses a ${format.toUpperCase()} file`, { skip: needs !== null && !hasTool(needs) }, async () => {
      const path = writeTrack(track, join(dir, `track-${format}`), format);
      const shares: number[] = [];
      const analysis = await analyzeTrack(path, { onProgress: (share) => shares.push(share) });
      assert.equal(analysis.format, format);
      assert.equal(analysis.sampleRate, 44100);
      assert.equal(analysis.channels, 2);
      assert.ok(Math.abs(analysis.durationSeconds - 20) < 0.05, `duration ${analysis.durationSeconds}`);
      assert.ok(Math.abs(analysis.bpm! - 126) < 0.2, `bpm ${analysis.bpm}`);
      assert.ok(analysis.bpmConfidence > 0 && analysis.bpmConfidence <= 1);
      assert.ok(beatError(analysis.firstBeatSeconds!) < 0.012, `first beat ${analysis.firstBeatSeconds}`);
      assert.deepEqual([analysis.key?.name, analysis.key?.camelot], ["G", "9B"]);
      assert.ok(analysis.loudnessLufs! < -5 && analysis.loudnessLufs! > -25, `lufs ${analysis.loudnessLufs}`);
      assert.ok(analysis.energy >= 1 && analysis.energy <= 10);
      assert.equal(analysis.waveform.pointsPerSecond, 20);
      assert.ok(Math.abs(analysis.waveform.peaks.length - 400) <= 30);
      assert.ok(analysis.waveform.peaks.slice(0, 6).every((p) => p === 0), "the lead-in is silent");
      assert.ok(Math.max(...analysis.waveform.peaks) > 0.5);
      assert.ok(
        shares.length > 5 && shares.every((s, i) => s >= 0 && s <= 1 && (i === 0 || s >= shares[i - 1])),
      );
    });
  }

  it("reads title, artist, album, genre, year and artwork", { skip: !hasTool("lame") }, async () => {
    const cover = join(dir, "cover.png");
    writeFileSync(cover, PNG);
    const path = writeTrack(track, join(dir, "tagged"), "mp3", [
      "--tt",
      "Night Drive",
      "--ta",
      "DJ Test",
      "--tl",
      "Synth Works",
      "--tg",
      "Deep House",
      "--ty",
      "2024",
      "--ti",
      cover,
    ]);
    const { tags } = await analyzeTrack(path);
    assert.equal(tags.title, "Night Drive");
    assert.equal(tags.artist, "DJ Test");
    assert.equal(tags.album, "Synth Works");
    assert.equal(tags.genre, "Deep House");
    assert.equal(tags.year, 2024);
    assert.equal(tags.artwork?.type, "image/png");
    assert.deepEqual(tags.artwork?.data, PNG);
  });

  it(
    "trims the MP3 encoder delay: the MP3's first beat matches the WAV's",
    { skip: !hasTool("lame") },
    async () => {
      const wav = await analyzeTrack(writeTrack(track, join(dir, "delay"), "wav"));
      const mp3 = await analyzeTrack(writeTrack(track, join(dir, "delay"), "mp3"));
      // LAME adds 576 + 529 samples (~25 ms) in front; untrimmed, the grid would move by that much.
      assert.ok(
        Math.abs(mp3.firstBeatSeconds! - wav.firstBeatSeconds!) < 0.003,
        `${mp3.firstBeatSeconds} vs ${wav.firstBeatSeconds}`,
      );
      assert.ok(Math.abs(mp3.durationSeconds - wav.durationSeconds) < 0.002);
    },
  );

  it("rejects files that are not audio, are empty or are cut short in the header", async () => {
    const png = join(dir, "picture.mp3");
    writeFileSync(png, PNG);
    await assert.rejects(analyzeTrack(png), AudioParseError);
    const empty = join(dir, "empty.wav");
    writeFileSync(empty, new Uint8Array(0));
    await assert.rejects(analyzeTrack(empty), AudioParseError);
    const cut = join(dir, "cut.wav");
    writeFileSync(cut, new TextEncoder().encode("RIFF\x10\0\0\0WAVEfmt "));
    await assert.rejects(analyzeTrack(cut), AudioParseError);
  });

  it("analyses only what is there when a header declares far more audio than the file holds", async () => {
    const path = writeTrack(track, join(dir, "bomb"), "wav");
    const bytes = readFileSync(path);
    // The data chunk's size field claims 4 GB (the decoder bomb), the file holds 20 s.
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(60, 0xfffffff0, true);
    writeFileSync(path, bytes);
    const analysis = await analyzeTrack(path);
    assert.ok(Math.abs(analysis.durationSeconds - 20) < 0.05, `duration ${analysis.durationSeconds}`);
    assert.ok(Math.abs(analysis.bpm! - 126) < 0.2);
  });

  it("stops when its signal is aborted", async () => {
    const path = writeTrack(track, join(dir, "abort"), "wav");
    await assert.rejects(analyzeTrack(path, { signal: AbortSignal.abort() }), { name: "AbortError" });
  });
});

describe("the same MP3 in both runtimes", () => {
  const root = new URL("../../", import.meta.url).pathname;
  const runtimes = { deno: ["run", "-A"], bun: ["run"] } as const;
  const canRun = hasTool("lame") &&
    Object.keys(runtimes).every((name) => hasTool(join(root, "node_modules/.bin", name)));
  it("gives the same first beat under Deno and under Bun (within 1 ms)", { skip: !canRun }, () => {
    const path = writeTrack(track, join(dir, "runtimes"), "mp3");
    const cli = join(root, "shared/analysis/testing/first_beat_cli.ts");
    const results = Object.entries(runtimes).map(([name, args]) =>
      JSON.parse(
        execFileSync(join(root, "node_modules/.bin", name), [...args, cli, path], {
          cwd: root,
          encoding: "utf8",
        }),
      )
    );
    const [deno, bun] = results;
    assert.ok(Math.abs(deno.firstBeatSeconds - bun.firstBeatSeconds) < 0.001, JSON.stringify(results));
    assert.ok(beatError(deno.firstBeatSeconds) < 0.012, JSON.stringify(results));
    assert.equal(deno.bpm, bun.bpm);
    assert.equal(deno.key, bun.key);
  });
});
