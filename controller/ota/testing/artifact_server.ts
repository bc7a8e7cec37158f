/**
 * @module
 * An HTTP server for test artifacts that honours `Range: bytes=N-` like the portal's artifact route,
 * records every Range it was asked for, and can send bytes slowly (so a test can kill a download
 * midway), cut the body short, or flip a byte.
 */
export interface ServedArtifact {
  bytes: Uint8Array;
  /** Bytes per 50 ms tick; unset sends everything at once. */
  bytesPerTick?: number;
  /** Send only this many bytes of the body, then end it. */
  truncateAt?: number;
  /** Flip the byte at this offset. */
  corruptAt?: number;
}

export interface ArtifactServer {
  url(name: string): string;
  serve(name: string, artifact: ServedArtifact): void;
  /** `Range` headers received, by artifact name (null for a request without one). */
  ranges: Map<string, (string | null)[]>;
  stop(): void;
}

export function startArtifactServer(): ArtifactServer {
  const artifacts = new Map<string, ServedArtifact>();
  const ranges = new Map<string, (string | null)[]>();
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(request) {
      const name = new URL(request.url).pathname.slice(1);
      const artifact = artifacts.get(name);
      if (!artifact) return new Response("not found", { status: 404 });
      const range = request.headers.get("range");
      ranges.set(name, [...(ranges.get(name) ?? []), range]);
      let bytes = artifact.bytes.slice();
      if (artifact.corruptAt !== undefined) bytes[artifact.corruptAt] ^= 0xff;
      if (artifact.truncateAt !== undefined) bytes = bytes.slice(0, artifact.truncateAt);
      const start = range ? Number(/^bytes=(\d+)-$/.exec(range)?.[1] ?? 0) : 0;
      const body = bytes.slice(start);
      const headers: Record<string, string> = {
        "content-type": "application/octet-stream",
        "accept-ranges": "bytes",
      };
      if (range) {
        headers["content-range"] = `bytes ${start}-${artifact.bytes.length - 1}/${artifact.bytes.length}`;
      }
      const status = range ? 206 : 200;
      const perTick = artifact.bytesPerTick;
      if (!perTick) return new Response(body, { status, headers });
      let offset = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          await Bun.sleep(50);
          controller.enqueue(body.slice(offset, offset + perTick));
          offset += perTick;
          if (offset >= body.length) controller.close();
        },
      });
      return new Response(stream, { status, headers });
    },
  });
  return {
    url: (name) => `http://127.0.0.1:${server.port}/${name}`,
    serve: (name, artifact) => void artifacts.set(name, artifact),
    ranges,
    stop: () => void server.stop(true),
  };
}
