/**
 * @module
 * Worker that downloads one cloud track, off the main thread (which feeds the audio output, so a download
 * at full speed must not take its time). It appends to `<file>.part`, resuming with an HTTP Range request
 * where an earlier attempt stopped; hashes every byte (the bytes already on disk first); refuses an answer
 * longer than the expected size; and renames the part file into place only once the SHA-256 matches.
 */
import { createHash, type Hash } from "node:crypto";
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from "node:fs";

export interface DownloadRequest {
  type: "download";
  url: string;
  partPath: string;
  filePath: string;
  sizeBytes: number;
  sha256: string;
  /** A download that receives nothing for this long is given up (and can resume later). */
  idleTimeoutMs: number;
}

export type DownloadFailure = "network_down" | "checksum_mismatch" | "url_refused" | "bad_answer";

export type DownloadReply =
  | { type: "ready" }
  | { type: "progress"; receivedBytes: number; sizeBytes: number }
  | { type: "done"; resumedFromBytes: number; fetchedBytes: number }
  | { type: "failed"; failure: DownloadFailure; message: string };

declare const self: Worker;

class DownloadFailed extends Error {
  constructor(readonly failure: DownloadFailure, message: string) {
    super(message);
  }
}

const PROGRESS_INTERVAL_MS = 100;
const READ_CHUNK_BYTES = 1 << 20;

/** Hashes what an earlier attempt left in the part file; returns how many bytes that is. */
function hashExisting(path: string, hash: Hash, sizeBytes: number): number {
  const existing = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  if (existing === 0 || existing > sizeBytes) {
    rmSync(path, { force: true });
    return 0;
  }
  const fd = openSync(path, "r");
  try {
    const buffer = new Uint8Array(READ_CHUNK_BYTES);
    let offset = 0;
    while (offset < existing) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, existing - offset), offset);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      offset += read;
    }
    return offset;
  } finally {
    closeSync(fd);
  }
}

/** Fetches from `offset` on; a 200 answer means the server ignored the range and sends the whole file. */
async function openRange(request: DownloadRequest, offset: number, signal: AbortSignal): Promise<Response> {
  const response = await fetch(request.url, {
    headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
    signal,
    redirect: "error",
  }).catch((error) => {
    throw new DownloadFailed("network_down", `download failed: ${(error as Error).message}`);
  });
  if (response.status === 401 || response.status === 403 || response.status === 410) {
    await response.body?.cancel();
    throw new DownloadFailed("url_refused", `the download URL was refused (HTTP ${response.status})`);
  }
  if (response.status === 416 || (response.status !== 200 && response.status !== 206)) {
    await response.body?.cancel();
    throw new DownloadFailed(
      response.status >= 500 ? "network_down" : "bad_answer",
      `download answered HTTP ${response.status}`,
    );
  }
  if (response.status === 206) {
    const range = response.headers.get("content-range") ?? "";
    if (!range.startsWith(`bytes ${offset}-`)) {
      await response.body?.cancel();
      throw new DownloadFailed(
        "bad_answer",
        `asked for bytes ${offset}-, got range ${JSON.stringify(range)}`,
      );
    }
  }
  return response;
}

async function download(request: DownloadRequest, report: (reply: DownloadReply) => void): Promise<void> {
  let hash = createHash("sha256");
  let received = hashExisting(request.partPath, hash, request.sizeBytes);
  const resumedFrom = received;
  if (received < request.sizeBytes) {
    const abort = new AbortController();
    let idle = setTimeout(() => abort.abort(), request.idleTimeoutMs);
    const stillReceiving = () => {
      clearTimeout(idle);
      idle = setTimeout(() => abort.abort(), request.idleTimeoutMs);
    };
    try {
      const response = await openRange(request, received, abort.signal);
      if (response.status === 200 && received > 0) {
        // The server sends the whole file after all: start over.
        hash = createHash("sha256");
        received = 0;
        rmSync(request.partPath, { force: true });
      }
      const fd = openSync(request.partPath, "a", 0o600);
      let lastReport = 0;
      try {
        const reader = response.body!.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          const chunk = read.value;
          stillReceiving();
          if (received + chunk.byteLength > request.sizeBytes) {
            throw new DownloadFailed("bad_answer", `the download is longer than ${request.sizeBytes} bytes`);
          }
          writeSync(fd, chunk);
          hash.update(chunk);
          received += chunk.byteLength;
          const now = performance.now();
          if (now - lastReport >= PROGRESS_INTERVAL_MS) {
            lastReport = now;
            report({ type: "progress", receivedBytes: received, sizeBytes: request.sizeBytes });
          }
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if (error instanceof DownloadFailed) throw error;
      throw new DownloadFailed("network_down", `download interrupted: ${(error as Error).message}`);
    } finally {
      clearTimeout(idle);
    }
  }
  if (received !== request.sizeBytes) {
    throw new DownloadFailed("network_down", `download stopped at ${received} of ${request.sizeBytes} bytes`);
  }
  const digest = hash.digest("hex");
  if (digest !== request.sha256) {
    rmSync(request.partPath, { force: true });
    throw new DownloadFailed(
      "checksum_mismatch",
      `downloaded file hashes to ${digest}, expected ${request.sha256}`,
    );
  }
  renameSync(request.partPath, request.filePath);
  report({ type: "progress", receivedBytes: received, sizeBytes: request.sizeBytes });
  report({ type: "done", resumedFromBytes: resumedFrom, fetchedBytes: received - resumedFrom });
}

self.onmessage = (event: MessageEvent<DownloadRequest>) => {
  if (event.data?.type !== "download") return;
  const report = (reply: DownloadReply) => self.postMessage(reply);
  download(event.data, report).catch((error) => {
    const failure = error instanceof DownloadFailed ? error.failure : "bad_answer";
    report({ type: "failed", failure, message: (error as Error).message });
  });
};
self.postMessage({ type: "ready" } satisfies DownloadReply);
