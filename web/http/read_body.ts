/**
 * @module
 * Reads a request body with a byte limit, refusing oversize bodies before they are buffered in full:
 * a declared Content-Length over the limit is refused at once, and a body that grows past it while
 * streaming is cancelled.
 */

/**
 * The body's bytes, or null when it is larger than `maxBytes`.
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
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
