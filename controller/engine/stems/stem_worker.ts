/**
 * @module
 * The separation Worker: hashes a track, asks the main thread whether its stems are cached already,
 * otherwise decodes it, runs the requested tier and writes the stem file (to `.tmp`, renamed when
 * complete). It lowers its own thread's priority first (nice 19), so the render thread and the output
 * Worker always win the CPU. Also answers `demucs_check`, so onnxruntime loads here and not in the
 * audio process's main thread. Must be listed as an entrypoint of the compiled binary.
 */
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, renameSync, rmSync } from "node:fs";
import { requestThreadNice } from "../../audio/thread_priority.ts";
import { POINTS_PER_SECOND } from "../waveform_stream.ts";
import { checkDemucs, type DemucsReport } from "./demucs_check.ts";
import { type DemucsOptions, separateDemucs } from "./demucs_separator.ts";
import { separateEnhanced } from "./enhanced_separator.ts";
import { loadOnnxRuntime } from "./onnx_runtime.ts";
import { readMix } from "./read_mix.ts";
import { type StemFileMeta, writeStemFile } from "./stem_file.ts";
import type { ProgressReporter, Stems, StemTier, StereoMix } from "./stem_set.ts";
import { separateSimple } from "./simple_separator.ts";

declare const self: Worker;

export const STEM_WORKER_NICE = 19;

export type StemRequest =
  | { type: "separate"; jobId: number; path: string; tier: StemTier; demucs: DemucsOptions | null }
  /** The main thread's answer to `hashed`: `file` to write the stems to, or null when they are cached. */
  | { type: "proceed"; jobId: number; file: string | null }
  | { type: "demucs_check"; modelPath: string | null; runtimePackage?: string };

export type StemReply =
  | { type: "hashed"; jobId: number; hash: string }
  | { type: "progress"; jobId: number; percent: number }
  | { type: "done"; jobId: number; bytes: number; durationSec: number; meta: StemFileMeta }
  | { type: "skipped"; jobId: number }
  | { type: "failed"; jobId: number; message: string }
  | { type: "demucs_report"; report: DemucsReport };

const HASH_CHUNK_BYTES = 1 << 20;

function hashFile(path: string): string {
  const hash = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(HASH_CHUNK_BYTES);
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) {
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

let answer: ((file: string | null) => void) | null = null;

function waitForAnswer(): Promise<string | null> {
  return new Promise((resolve) => (answer = resolve));
}

/** Reports whole percents between `from` and `to`, only when the number changes. */
function progressBetween(jobId: number, from: number, to: number): ProgressReporter {
  let last = -1;
  return (fraction) => {
    const percent = Math.floor(from + (to - from) * Math.min(1, Math.max(0, fraction)));
    if (percent === last) return;
    last = percent;
    self.postMessage({ type: "progress", jobId, percent } satisfies StemReply);
  };
}

async function separate(
  mix: StereoMix,
  tier: StemTier,
  demucs: DemucsOptions | null,
  progress: ProgressReporter,
): Promise<Stems> {
  switch (tier) {
    case "simple":
      return separateSimple(mix, progress);
    case "enhanced":
      return separateEnhanced(mix, progress);
    case "demucs": {
      if (!demucs) throw new Error("no demucs model is configured (stems.demucsModel)");
      return await separateDemucs(mix, await loadOnnxRuntime(), demucs, progress);
    }
  }
}

async function run(request: Extract<StemRequest, { type: "separate" }>): Promise<StemReply> {
  const { jobId, path, tier } = request;
  self.postMessage({ type: "hashed", jobId, hash: hashFile(path) } satisfies StemReply);
  const file = await waitForAnswer();
  if (file === null) return { type: "skipped", jobId };
  const { mix, meta } = await readMix(path, progressBetween(jobId, 1, 10));
  const stems = await separate(mix, tier, request.demucs, progressBetween(jobId, 10, 95));
  const temporary = `${file}.tmp`;
  try {
    const framesPerPoint = Math.max(1, Math.round(mix.sampleRate / POINTS_PER_SECOND));
    const bytes = writeStemFile(temporary, mix, stems, meta, framesPerPoint);
    renameSync(temporary, file);
    return { type: "done", jobId, bytes, durationSec: mix.channels[0].length / mix.sampleRate, meta };
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

self.onmessage = async (event: MessageEvent<StemRequest>) => {
  const request = event.data;
  switch (request.type) {
    case "proceed":
      answer?.(request.file);
      answer = null;
      return;
    case "demucs_check":
      self.postMessage(
        {
          type: "demucs_report",
          report: await checkDemucs(request.modelPath, request.runtimePackage),
        } satisfies StemReply,
      );
      return;
    case "separate": {
      const reply = await run(request).catch((error: Error): StemReply => ({
        type: "failed",
        jobId: request.jobId,
        message: (error as NodeJS.ErrnoException).code
          ? `cannot read ${request.path}: ${error.message}`
          : error.message,
      }));
      self.postMessage(reply);
      Bun.gc(true);
    }
  }
};

requestThreadNice(STEM_WORKER_NICE);
self.postMessage({ type: "ready" });
