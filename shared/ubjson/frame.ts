/**
 * @module
 * The UA mixer helper's binary frame: `"UBJS"` + uint32 little-endian payload length + payload + `\0\0`.
 */

/** The four bytes every frame starts with. */
export const UBJS_MAGIC = new Uint8Array([0x55, 0x42, 0x4a, 0x53]);
/** Magic plus length. */
export const UBJS_HEADER_LENGTH = 8;
/** The trailer UA appends; readers must accept frames with or without it. */
export const UBJS_TRAILER_LENGTH = 2;

/**
 * Wraps an encoded UBJSON payload in a frame.
 *
 * @example
 * ```ts
 * frameUbjson(encodeUbjson({ path: "/ping/value", data: true }));
 * ```
 */
export function frameUbjson(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(UBJS_HEADER_LENGTH + payload.length + UBJS_TRAILER_LENGTH);
  frame.set(UBJS_MAGIC, 0);
  new DataView(frame.buffer).setUint32(4, payload.length, true);
  frame.set(payload, UBJS_HEADER_LENGTH);
  return frame;
}

/** True when `bytes` (from `offset`) begins with the frame magic; false also when too short to tell. */
export function startsWithUbjsMagic(bytes: Uint8Array, offset = 0): boolean {
  return bytes.length - offset >= 4 && bytes[offset] === 0x55 && bytes[offset + 1] === 0x42 &&
    bytes[offset + 2] === 0x4a && bytes[offset + 3] === 0x53;
}

/** Reads the payload length of a frame starting at `offset`, or null while the header is incomplete. */
export function readUbjsPayloadLength(bytes: Uint8Array, offset = 0): number | null {
  if (bytes.length - offset < UBJS_HEADER_LENGTH) return null;
  return new DataView(bytes.buffer, bytes.byteOffset + offset + 4, 4).getUint32(0, true);
}

/**
 * The payload of the frame that `bytes` holds from its start (a message-based transport such as a
 * WebSocket delivers whole frames), or null when `bytes` is not a complete frame.
 */
export function ubjsFramePayload(bytes: Uint8Array): Uint8Array | null {
  if (!startsWithUbjsMagic(bytes)) return null;
  const length = readUbjsPayloadLength(bytes);
  if (length === null || bytes.length < UBJS_HEADER_LENGTH + length) return null;
  return bytes.subarray(UBJS_HEADER_LENGTH, UBJS_HEADER_LENGTH + length);
}
