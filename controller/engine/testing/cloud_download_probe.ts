/**
 * @module
 * Child process for the real-time test and the cloud benchmark: four decks play (looping) through JACK
 * while the cloud downloader fetches a large file at full loopback speed from a server in another
 * process. Counts the output's underruns during the download, then over a quiet stretch of the same
 * length (the machine's own noise). Prints one JSON line with what it measured.
 * Usage: bun cloud_download_probe.ts <dir> [megabytes]
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { downloadTrack } from "../../cloud/tracks/downloader.ts";
import { createEngine, createMemoryMixerTree, type DeckId } from "../mod.ts";
import { quietLogger, writeSignalWav } from "./support.ts";

const dir = process.argv[2];
const megabytes = Number(process.argv[3] ?? 128);

const bytes = new Uint8Array(megabytes * 1024 * 1024);
for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i >> 12) & 0xff;
const source = join(dir, "big-track.bin");
writeFileSync(source, bytes);
const sha256 = createHash("sha256").update(bytes).digest("hex");

const server = Bun.spawn(
  [process.execPath, new URL("../../cloud/tracks/testing/file_server.ts", import.meta.url).pathname, source],
  { stdout: "pipe", stderr: "inherit" },
);
const reader = server.stdout.getReader();
const { port } = JSON.parse(new TextDecoder().decode((await reader.read()).value)) as { port: number };

const engine = await createEngine({
  tree: createMemoryMixerTree(),
  logger: quietLogger().logger,
  alsaDevice: "plug:jack",
});
try {
  for (const deck of [0, 1, 2, 3] as DeckId[]) {
    const path = join(dir, `deck-${deck}.wav`);
    writeSignalWav(path, 44100 * 4, 44100);
    await engine.load(deck, path);
  }
  await Bun.sleep(300);
  for (const deck of [0, 1, 2, 3] as DeckId[]) {
    engine.setLoop(deck, 0.5, 3.5);
    engine.play(deck);
  }
  await Bun.sleep(300);
  // The same stretch twice: playback while the download runs, then nothing but playback.
  const startedAt = performance.now();
  let underruns = engine.underruns();
  const result = await downloadTrack({
    url: `http://127.0.0.1:${port}/file`,
    partPath: join(dir, "download.part"),
    filePath: join(dir, "download.bin"),
    sizeBytes: bytes.length,
    sha256,
    idleTimeoutMs: 10_000,
  });
  const downloadMs = performance.now() - startedAt;
  const underrunsDuringDownload = engine.underruns() - underruns;
  underruns = engine.underruns();
  await Bun.sleep(downloadMs);
  const underrunsIdle = engine.underruns() - underruns;
  const playing = engine.status().filter((deck) => deck.playing).length;
  console.log(JSON.stringify({
    mode: engine.outputInfo().mode,
    playing,
    fetchedBytes: result.fetchedBytes,
    downloadMs,
    megabytesPerSecond: bytes.length / 1024 / 1024 / (downloadMs / 1000),
    underrunsDuringDownload,
    underrunsIdle,
  }));
} finally {
  server.kill();
  await engine.close();
}
