/**
 * @module
 * The OCP baseline framing: a 4-byte big-endian length, then that many payload bytes.
 *
 * @example
 * ```ts
 * const decoder = createLengthPrefixDecoder();
 * decoder.push(encodeLengthPrefixed(new TextEncoder().encode("{}"))); // [{ ok: true, frame: Uint8Array(2) }]
 * ```
 */
import { ByteQueue } from "./byte_queue.ts";
import {
  DEFAULT_MAX_FRAME_SIZE,
  type FrameDecoder,
  type FrameDecoderOptions,
  type FrameResult,
} from "./types.ts";

const HEADER_SIZE = 4;

/** Prefixes `payload` with its length; refuses payloads the peer's decoder would refuse anyway. */
export function encodeLengthPrefixed(payload: Uint8Array, maxFrameSize = DEFAULT_MAX_FRAME_SIZE): Uint8Array {
  if (payload.length > maxFrameSize) {
    throw new RangeError(`Frame of ${payload.length} bytes exceeds the maximum of ${maxFrameSize}`);
  }
  const out = new Uint8Array(HEADER_SIZE + payload.length);
  new DataView(out.buffer).setUint32(0, payload.length, false);
  out.set(payload, HEADER_SIZE);
  return out;
}

/**
 * An incremental decoder. An oversize frame is reported once and its declared bytes are skipped,
 * so the frames after it still arrive (the length header tells us exactly where it ends).
 */
export function createLengthPrefixDecoder(options: FrameDecoderOptions = {}): FrameDecoder<Uint8Array> {
  const maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const queue = new ByteQueue();
  let skipping = 0;

  return {
    get buffered() {
      return queue.length;
    },
    push(chunk) {
      const results: FrameResult<Uint8Array>[] = [];
      let input = chunk;
      if (skipping > 0) {
        const skipped = Math.min(skipping, input.length);
        skipping -= skipped;
        input = input.subarray(skipped);
      }
      queue.append(input);
      while (queue.length >= HEADER_SIZE) {
        const size = ((queue.at(0) << 24) | (queue.at(1) << 16) | (queue.at(2) << 8) | queue.at(3)) >>> 0;
        if (size > maxFrameSize) {
          queue.drop(HEADER_SIZE);
          const skippedNow = Math.min(size, queue.length);
          queue.drop(skippedNow);
          skipping = size - skippedNow;
          results.push({
            ok: false,
            error: {
              kind: "oversize",
              size,
              message: `Frame of ${size} bytes exceeds the maximum of ${maxFrameSize}`,
            },
          });
          continue;
        }
        if (queue.length < HEADER_SIZE + size) break;
        queue.drop(HEADER_SIZE);
        results.push({ ok: true, frame: queue.take(size) });
      }
      return results;
    },
  };
}
