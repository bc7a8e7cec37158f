/**
 * @module
 * Resumable artifact download: bytes go to `<file>.part`, and a restarted download (after a lost
 * connection or a SIGKILL) asks for the rest with `Range: bytes=<have>-`. A server that ignores the
 * range (200) restarts the file. The download never grows past the size the signed manifest states,
 * and the finished file is checked against that size and sha256 before anyone may use it.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";

export class ArtifactError extends Error {}

export interface DownloadOptions {
  url: string;
  /** Where the partial file lives (`…/mixera-controller.part`). */
  partFile: string;
  size: number;
  /** Abort when no byte arrived for this long. */
  idleTimeoutMs?: number;
  fetch?: typeof fetch;
  /** Called after every chunk written, with the bytes on disk so far. */
  onProgress?: (bytes: number) => void;
}

function sizeOf(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/** The bytes already on disk, or where the server's answer says this body starts. */
function startOfBody(response: Response, have: number): number {
  if (response.status === 200) return 0;
  const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get("content-range") ?? "");
  if (response.status !== 206 || !range || Number(range[1]) !== have) {
    throw new ArtifactError(
      `artifact download answered ${response.status} to a range request from byte ${have}`,
    );
  }
  return have;
}

/**
 * Downloads (or finishes downloading) the artifact into `partFile`; fsyncs it before returning. Returns
 * the sha256 (hex) of the whole file, hashed as the bytes arrive (bytes already on disk are hashed
 * first), so the file is not read a second time to verify it.
 *
 * @example
 * const digest = await downloadResumable({ url: manifest.artifact_url, partFile: "/opt/mixera/slots/b/mixera-controller.part", size: manifest.size_bytes });
 */
export async function downloadResumable(options: DownloadOptions): Promise<string> {
  const { partFile, size } = options;
  let have = sizeOf(partFile);
  if (have > size) {
    truncateSync(partFile, 0);
    have = 0;
  }
  let hasher = new Bun.CryptoHasher("sha256");
  if (have > 0) { for await (const chunk of chunksOf(Bun.file(partFile).stream())) hasher.update(chunk); }
  if (have === size) return hasher.digest("hex");
  const abort = new AbortController();
  const idleMs = options.idleTimeoutMs ?? 30_000;
  let idle = setTimeout(() => abort.abort(), idleMs);
  try {
    const response = await (options.fetch ?? fetch)(options.url, {
      headers: have > 0 ? { range: `bytes=${have}-` } : {},
      signal: abort.signal,
    });
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw new ArtifactError(`artifact download failed: HTTP ${response.status}`);
    }
    let offset = startOfBody(response, have);
    if (offset === 0 && have > 0) {
      truncateSync(partFile, 0);
      hasher = new Bun.CryptoHasher("sha256");
    }
    const fd = openSync(partFile, offset === 0 ? "w" : "a", 0o600);
    try {
      for await (const chunk of chunksOf(response.body)) {
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(), idleMs);
        if (offset + chunk.length > size) {
          rmSync(partFile, { force: true });
          throw new ArtifactError(`the artifact is larger than the ${size} bytes its manifest states`);
        }
        let written = 0;
        while (written < chunk.length) written += writeSync(fd, chunk, written);
        hasher.update(chunk);
        offset += chunk.length;
        options.onProgress?.(offset);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (offset !== size) {
      throw new ArtifactError(`the artifact download stopped at ${offset} of ${size} bytes`);
    }
    return hasher.digest("hex");
  } catch (error) {
    if (error instanceof ArtifactError) throw error;
    throw new ArtifactError(
      `artifact download interrupted: ${abort.signal.aborted ? "no data" : String(error)}`,
    );
  } finally {
    clearTimeout(idle);
  }
}

async function* chunksOf(stream: ReadableStream<Uint8Array> | null): AsyncGenerator<Uint8Array> {
  if (!stream) return;
  const reader = stream.getReader();
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Hex sha256 of a file, read in chunks. */
export async function sha256OfFile(file: string): Promise<string> {
  const hasher = new Bun.CryptoHasher("sha256");
  for await (const chunk of chunksOf(Bun.file(file).stream())) hasher.update(chunk);
  return hasher.digest("hex");
}

/**
 * Throws unless `file` has exactly `size` bytes hashing to `sha256`. `digest` is the file's hash when
 * the caller already has it (from {@link downloadResumable}); otherwise the file is read.
 */
export async function verifyArtifact(
  file: string,
  size: number,
  sha256: string,
  digest?: string,
): Promise<void> {
  const actual = sizeOf(file);
  if (actual !== size) throw new ArtifactError(`artifact has ${actual} bytes, its manifest states ${size}`);
  digest ??= await sha256OfFile(file);
  if (digest !== sha256) {
    throw new ArtifactError(`artifact sha256 is ${digest}, its manifest states ${sha256}`);
  }
}
