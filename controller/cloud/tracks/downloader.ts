/**
 * @module
 * Main-thread side of the download Worker (download_worker.ts): one Worker per download, started for it
 * and ended after it, so the bytes, the hashing and the file writes never run on the thread that feeds
 * the audio output. Only signed URLs over https (or plain http to a loopback host) are fetched.
 */
import { spawnWorker } from "../../audio/spawn_worker.ts";
import { parsePortalUrl } from "../portal_url.ts";
import type { DownloadFailure, DownloadReply, DownloadRequest } from "./download_worker.ts";

const DOWNLOAD_WORKER = "cloud/tracks/download_worker.ts";

export type { DownloadFailure };

export class DownloadError extends Error {
  constructor(readonly failure: DownloadFailure, message: string) {
    super(message);
  }
}

export interface DownloadJob {
  url: string;
  partPath: string;
  filePath: string;
  sizeBytes: number;
  sha256: string;
  idleTimeoutMs: number;
  onProgress?: (receivedBytes: number, sizeBytes: number) => void;
}

export interface DownloadResult {
  resumedFromBytes: number;
  fetchedBytes: number;
}

/**
 * Downloads into `job.filePath` (via `job.partPath`); rejects with a {@link DownloadError}.
 *
 * @example
 * await downloadTrack({ url, partPath: "/c/t1.mp3.part", filePath: "/c/t1.mp3", sizeBytes, sha256, idleTimeoutMs: 10_000 });
 */
export async function downloadTrack(job: DownloadJob): Promise<DownloadResult> {
  if (!parsePortalUrl(job.url).ok) {
    throw new DownloadError("bad_answer", "the portal handed out a download URL that is not https");
  }
  const worker = await spawnWorker(DOWNLOAD_WORKER);
  try {
    return await new Promise<DownloadResult>((resolve, reject) => {
      worker.onmessage = ({ data }: MessageEvent<DownloadReply>) => {
        if (data.type === "progress") job.onProgress?.(data.receivedBytes, data.sizeBytes);
        else if (data.type === "done") resolve(data);
        else if (data.type === "failed") reject(new DownloadError(data.failure, data.message));
      };
      worker.onerror = (event) =>
        reject(new DownloadError("bad_answer", `download worker failed: ${event.message}`));
      const request: DownloadRequest = {
        type: "download",
        url: job.url,
        partPath: job.partPath,
        filePath: job.filePath,
        sizeBytes: job.sizeBytes,
        sha256: job.sha256,
        idleTimeoutMs: job.idleTimeoutMs,
      };
      worker.postMessage(request);
    });
  } finally {
    worker.terminate();
  }
}
