/**
 * @module
 * The UA mixer TCP wire format: NUL-terminated UTF-8 text messages, and binary UBJS frames
 * (`"UBJS"` + uint32 LE length + payload, see `../ubjson/frame.ts`) between them. A frame's `\0\0`
 * trailer, when present, reads as two empty text messages and is skipped. Nothing larger than the
 * limit is ever buffered: an oversized or unterminated message is reported once, and the decoder
 * then stays silent, since the stream cannot be resynchronised after it.
 *
 * @example
 * ```ts
 * const decoder = createNulOrUbjsDecoder();
 * decoder.push(new TextEncoder().encode("get /ping\0")); // [{ ok: true, frame: { kind: "text", text: "get /ping" } }]
 * ```
 */
import { readUbjsPayloadLength, UBJS_HEADER_LENGTH, UBJS_MAGIC } from "../ubjson/frame.ts";
import { ByteQueue } from "./byte_queue.ts";
import {
  DEFAULT_MAX_FRAME_SIZE,
  type FrameDecoder,
  type FrameDecoderOptions,
  type FrameResult,
} from "./types.ts";

export type NulOrUbjsFrame = { kind: "text"; text: string } | { kind: "ubjson"; payload: Uint8Array };

const NUL = 0x00;
const textDecoder = new TextDecoder();

export function createNulOrUbjsDecoder(options: FrameDecoderOptions = {}): FrameDecoder<NulOrUbjsFrame> {
  const maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const queue = new ByteQueue();
  const header = new Uint8Array(UBJS_HEADER_LENGTH);
  let failed = false;
  let scanFrom = 0;

  /** How many leading bytes agree with the magic (4: a frame starts here). */
  function magicPrefixLength(): number {
    let n = 0;
    while (n < UBJS_MAGIC.length && n < queue.length && queue.at(n) === UBJS_MAGIC[n]) n++;
    return n;
  }

  function fail(results: FrameResult<NulOrUbjsFrame>[], size: number, message: string) {
    failed = true;
    queue.drop(queue.length);
    results.push({ ok: false, error: { kind: "oversize", size, message } });
    return results;
  }

  return {
    get buffered() {
      return queue.length;
    },
    push(chunk) {
      const results: FrameResult<NulOrUbjsFrame>[] = [];
      if (failed) return results;
      queue.append(chunk);
      while (queue.length > 0) {
        if (queue.at(0) === NUL) {
          queue.drop(1);
          continue;
        }
        if (scanFrom === 0 && queue.at(0) === UBJS_MAGIC[0]) {
          const matched = magicPrefixLength();
          if (matched === queue.length && matched < UBJS_MAGIC.length) break; // could still become "UBJS"
          if (matched === UBJS_MAGIC.length) {
            if (queue.length < UBJS_HEADER_LENGTH) break;
            for (let i = 0; i < UBJS_HEADER_LENGTH; i++) header[i] = queue.at(i);
            const length = readUbjsPayloadLength(header)!;
            if (length > maxFrameSize) {
              return fail(results, length, `UBJSON frame of ${length} bytes exceeds ${maxFrameSize}.`);
            }
            if (queue.length < UBJS_HEADER_LENGTH + length) break;
            queue.drop(UBJS_HEADER_LENGTH);
            results.push({ ok: true, frame: { kind: "ubjson", payload: queue.take(length) } });
            continue;
          }
        }
        const end = queue.indexOf(NUL, scanFrom);
        if (end < 0) {
          // Remember how far was searched: a message arriving in many reads is scanned once.
          scanFrom = queue.length;
          if (queue.length > maxFrameSize) {
            return fail(results, queue.length, `Message exceeds ${maxFrameSize} bytes.`);
          }
          break;
        }
        scanFrom = 0;
        if (end > maxFrameSize) return fail(results, end, `Message exceeds ${maxFrameSize} bytes.`);
        results.push({ ok: true, frame: { kind: "text", text: textDecoder.decode(queue.peek(end)) } });
        queue.drop(end + 1);
      }
      return results;
    },
  };
}
