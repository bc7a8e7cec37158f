/**
 * @module
 * Text framing by a terminator byte: NUL (ConsoleLink-style clients) or newline (the engine API).
 * Frames are UTF-8 text; a frame that is not valid UTF-8 is reported as garbage and skipped.
 *
 * @example
 * ```ts
 * const decoder = createDelimitedDecoder({ delimiter: "newline" });
 * decoder.push(new TextEncoder().encode("play 0\npause 1\n")); // two text frames
 * ```
 */
import { ByteQueue } from "./byte_queue.ts";
import {
  DEFAULT_MAX_FRAME_SIZE,
  type FrameDecoder,
  type FrameDecoderOptions,
  type FrameResult,
} from "./types.ts";

export type Delimiter = "nul" | "newline";

const DELIMITER_BYTES: Record<Delimiter, number> = { nul: 0x00, newline: 0x0a };
const CARRIAGE_RETURN = 0x0d;

export interface DelimitedDecoderOptions extends FrameDecoderOptions {
  delimiter: Delimiter;
}

const encoder = new TextEncoder();

/** Appends the terminator; refuses text that contains it, since the peer would split it in two. */
export function encodeDelimited(text: string, delimiter: Delimiter): Uint8Array {
  const bytes = encoder.encode(text);
  const terminator = DELIMITER_BYTES[delimiter];
  if (bytes.includes(terminator)) throw new RangeError(`Text contains the ${delimiter} terminator`);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = terminator;
  return out;
}

/**
 * An incremental decoder. A frame that crosses the size limit is reported once, as soon as it
 * crosses it, and the rest of it is discarded up to its terminator (memory stays bounded even when
 * a peer never sends one); the frames after it still arrive. Newline framing also accepts CRLF.
 */
export function createDelimitedDecoder(options: DelimitedDecoderOptions): FrameDecoder<string> {
  const maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  const terminator = DELIMITER_BYTES[options.delimiter];
  const stripCarriageReturn = options.delimiter === "newline";
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const queue = new ByteQueue();
  let discarding = false;
  let scanFrom = 0;

  function decodeFrame(bytes: Uint8Array): FrameResult<string> {
    const end = stripCarriageReturn && bytes[bytes.length - 1] === CARRIAGE_RETURN
      ? bytes.length - 1
      : bytes.length;
    try {
      return { ok: true, frame: decoder.decode(bytes.subarray(0, end)) };
    } catch {
      return {
        ok: false,
        error: { kind: "garbage", size: bytes.length, message: "Frame is not valid UTF-8" },
      };
    }
  }

  function oversize(size: number): FrameResult<string> {
    discarding = true;
    return {
      ok: false,
      error: { kind: "oversize", size, message: `Frame exceeds the maximum of ${maxFrameSize} bytes` },
    };
  }

  return {
    get buffered() {
      return queue.length;
    },
    push(chunk) {
      const results: FrameResult<string>[] = [];
      queue.append(chunk);
      for (;;) {
        const at = queue.indexOf(terminator, scanFrom);
        if (at < 0) {
          if (!discarding && queue.length > maxFrameSize) results.push(oversize(queue.length));
          // While discarding, nothing before the terminator is kept.
          if (discarding) queue.drop(queue.length);
          scanFrom = queue.length;
          break;
        }
        scanFrom = 0;
        if (discarding || at > maxFrameSize) {
          if (!discarding) results.push(oversize(at));
          queue.drop(at + 1);
          discarding = false;
          continue;
        }
        results.push(decodeFrame(queue.peek(at)));
        queue.drop(at + 1);
      }
      return results;
    },
  };
}
