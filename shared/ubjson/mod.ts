/**
 * @module
 * UA-flavoured UBJSON: the binary format of Universal Audio's mixer helper protocol (TCP 4720).
 * Little-endian integers, big-endian float64, object keys without the `S` marker, frames of
 * `"UBJS"` + uint32 LE length + payload + `\0\0`. Runtime-agnostic (Deno and Bun).
 *
 * @example
 * ```ts
 * import { decodeUbjson, encodeUbjson, frameUbjson } from "./mod.ts";
 * const frame = frameUbjson(encodeUbjson({ path: "/ping/value", data: true }));
 * decodeUbjson(frame.subarray(8, frame.length - 2)); // { path: "/ping/value", data: true }
 * ```
 */
export { encodeUbjson, MAX_ENCODE_DEPTH } from "./encode.ts";
export { type DecodeOptions, decodeUbjson } from "./decode.ts";
export {
  frameUbjson,
  readUbjsPayloadLength,
  startsWithUbjsMagic,
  UBJS_HEADER_LENGTH,
  UBJS_MAGIC,
  UBJS_TRAILER_LENGTH,
  ubjsFramePayload,
} from "./frame.ts";
export { FLOAT64_LITTLE_ENDIAN, INTEGERS_LITTLE_ENDIAN, MARKER, UbjsonError } from "./format.ts";
