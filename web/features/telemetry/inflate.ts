/**
 * @module
 * Bounded gzip decoding. A gzip bomb (a few hundred kilobytes that inflate to gigabytes) must be
 * refused without inflating it: the compressed bytes go into the decoder in small slices and the
 * output is counted as it comes, so decoding stops one slice after the limit is passed. A slice is
 * small because a decoder may inflate a whole written chunk at once, and deflate expands at most
 * about 1032×, so one slice never yields more than a few megabytes.
 */

/** Compressed bytes written to the decoder at a time. */
const INPUT_SLICE_BYTES = 2048;

/** The gzip stream was malformed, or inflated past the limit. */
export class InflateError extends Error {
  constructor(
    message: string,
    readonly reason: "too large" | "invalid",
    /** Compressed bytes handed to the decoder before it stopped. */
    readonly inputBytesUsed: number,
  ) {
    super(message);
    this.name = "InflateError";
  }
}

/**
 * The decompressed bytes of `gzipped`; an InflateError with reason "too large" as soon as the output
 * exceeds `maxBytes`, or "invalid" when the input is not one complete gzip stream.
 *
 * @example
 * const json = await gunzipAtMost(body, 1024 * 1024);
 */
export async function gunzipAtMost(
  gzipped: Uint8Array<ArrayBuffer>,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const decoder = new DecompressionStream("gzip");
  const writer = decoder.writable.getWriter();
  const reader = decoder.readable.getReader();
  let stopped = false;
  let inputBytesUsed = 0;
  const feeding = (async () => {
    for (let offset = 0; offset < gzipped.byteLength && !stopped; offset += INPUT_SLICE_BYTES) {
      const slice = gzipped.subarray(offset, offset + INPUT_SLICE_BYTES);
      inputBytesUsed += slice.byteLength;
      await writer.write(slice);
    }
    if (!stopped) await writer.close();
  })();
  // The reader reports the failure; the feeder's own rejection for it is expected.
  feeding.catch(() => {});
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        throw new InflateError(
          `the batch inflates to more than ${maxBytes} bytes`,
          "too large",
          inputBytesUsed,
        );
      }
      chunks.push(value);
    }
    await feeding;
  } catch (error) {
    stopped = true;
    await reader.cancel().catch(() => {});
    await writer.abort().catch(() => {});
    if (error instanceof InflateError) throw error;
    throw new InflateError("the body is not valid gzip", "invalid", inputBytesUsed);
  }
  const output = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    output.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return output;
}
