/**
 * @module
 * The portal's one request-body reader. It counts bytes as they stream, whatever the headers say
 * (chunked, multipart, a missing or lying Content-Length): a declared length over the limit is
 * refused at once, and a body that grows past the limit is cancelled. The server (web/server.ts)
 * gives each request a deadline for its body; a client that sends it too slowly gets 408 and the
 * connection is closed.
 */
import { HTTPException } from "hono/http-exception";

const bodyDeadlines = new WeakMap<Request, number>();

/** Gives `request` until `atMs` (epoch milliseconds) to deliver its body. Set by the server per request. */
export function setBodyDeadline(request: Request, atMs: number): void {
  bodyDeadlines.set(request, atMs);
}

/** The answer to a body that did not arrive in time; `Connection: close` drops the rest of it. */
function bodyTimeout(): HTTPException {
  return new HTTPException(408, {
    res: new Response("Request Timeout: the request body arrived too slowly.", {
      status: 408,
      headers: { "content-type": "text/plain; charset=utf-8", connection: "close" },
    }),
  });
}

/** `pending`, or a 408 HTTPException when `deadline` passes first. */
async function beforeDeadline<T>(pending: Promise<T>, deadline: number | undefined): Promise<T> {
  if (deadline === undefined) return await pending;
  const remaining = deadline - Date.now();
  if (remaining <= 0) throw bodyTimeout();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimeout()), remaining);
  });
  try {
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** One read of `reader`, or a 408 HTTPException when `deadline` passes first. */
function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number | undefined,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  return beforeDeadline(reader.read(), deadline);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * The body's bytes, or null when it is larger than `maxBytes`. Throws a 408 HTTPException when the
 * request's body deadline passes while reading.
 *
 * @example
 * const bytes = await readBodyAtMost(c.req.raw, 64 * 1024);
 * if (!bytes) return c.text("too large", 413);
 */
export async function readBodyAtMost(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return null;
  if (!request.body) return new Uint8Array();
  const deadline = bodyDeadlines.get(request);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let complete = false;
  try {
    while (true) {
      const { done, value } = await readBefore(reader, deadline);
      if (done) {
        complete = true;
        return concat(chunks, total);
      }
      total += value.byteLength;
      if (total > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    // An oversized or late body is not read further: cancelling tells the server to drop the rest.
    if (!complete) await reader.cancel().catch(() => {});
  }
}

/** How a streamed body ended: all of it, more than allowed, too slowly, or the client went away. */
export type StreamedBodyEnd = "complete" | "too large" | "timeout" | "aborted";

/** The buffer a streamed body is read into, reused for every chunk. */
const STREAM_CHUNK_BYTES = 64 * 1024;

/**
 * The body as a stream of chunks for consumers that write it somewhere as it arrives. The chunks never
 * throw: on an oversized body (more than `maxBytes`), a passed deadline or a broken connection they
 * simply end, after every byte within the limit has been handed over, and `end()` says why.
 *
 * The body is read into one reused buffer (a 100 MB upload would otherwise leave 100 MB of chunks for
 * the garbage collector), so a chunk is only valid until the next one is asked for: copy what you keep.
 *
 * @example
 * const body = streamBodyAtMost(c.req.raw, remaining);
 * const written = await sink(body.chunks);
 * if (body.end() === "too large") return c.text("too large", 413);
 */
export function streamBodyAtMost(
  request: Request,
  maxBytes: number,
): { chunks: AsyncIterable<Uint8Array>; end(): StreamedBodyEnd } {
  let end: StreamedBodyEnd = "complete";
  const deadline = bodyDeadlines.get(request);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    if (!request.body) return;
    const read = chunkReader(request.body);
    let total = 0;
    let done = false;
    try {
      while (true) {
        let result;
        try {
          result = await beforeDeadline(read.next(), deadline);
        } catch (error) {
          end = error instanceof HTTPException ? "timeout" : "aborted";
          return;
        }
        if (result.done) {
          done = true;
          return;
        }
        const room = maxBytes - total;
        if (result.value.byteLength > room) {
          end = "too large";
          if (room > 0) yield result.value.subarray(0, room);
          return;
        }
        total += result.value.byteLength;
        yield result.value;
      }
    } finally {
      if (!done) await read.cancel();
    }
  }
  return { chunks: chunks(), end: () => end };
}

/** Reads `body` into one reused buffer when it is a byte stream, else chunk by chunk as it comes. */
function chunkReader(body: ReadableStream<Uint8Array>) {
  let byob: ReadableStreamBYOBReader | null = null;
  try {
    byob = body.getReader({ mode: "byob" });
  } catch {
    byob = null;
  }
  if (byob) {
    const reader = byob;
    let buffer = new Uint8Array(STREAM_CHUNK_BYTES);
    return {
      async next(): Promise<ReadableStreamReadResult<Uint8Array>> {
        const result = await reader.read(buffer);
        if (result.value) buffer = new Uint8Array(result.value.buffer);
        return result.done ? { done: true, value: undefined } : { done: false, value: result.value! };
      },
      cancel: () => reader.cancel().catch(() => {}),
    };
  }
  const reader = body.getReader();
  return { next: () => reader.read(), cancel: () => reader.cancel().catch(() => {}) };
}
