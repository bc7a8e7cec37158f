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

/** One read of `reader`, or a 408 HTTPException when `deadline` passes first. */
async function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number | undefined,
): Promise<ReadableStreamReadResult<Uint8Array>> {
  if (deadline === undefined) return await reader.read();
  const remaining = deadline - Date.now();
  if (remaining <= 0) throw bodyTimeout();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(bodyTimeout()), remaining);
  });
  try {
    return await Promise.race([reader.read(), expired]);
  } finally {
    clearTimeout(timer);
  }
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
