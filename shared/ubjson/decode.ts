/**
 * @module
 * Decodes UA-flavoured UBJSON. Accepts counted, typed (`$`) and end-marked containers, and object keys
 * with or without the `S` marker, so both UA's encoder and standard encoders are understood. Every
 * length is checked against the bytes actually present, so a hostile length can neither allocate
 * nor wait; malformed input throws {@link UbjsonError}.
 */
import { FLOAT64_LITTLE_ENDIAN, INTEGERS_LITTLE_ENDIAN, MARKER, UbjsonError } from "./format.ts";

export interface DecodeOptions {
  /** Containers nested deeper than this are refused (default 64). */
  maxDepth?: number;
}

const textDecoder = new TextDecoder("utf-8", { fatal: true });

class Reader {
  offset = 0;
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array, readonly maxDepth: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(count: number): void {
    if (this.offset + count > this.bytes.length) {
      throw new UbjsonError(`Expected ${count} more byte(s), input ends`, this.offset);
    }
  }
  byte(): number {
    this.need(1);
    return this.bytes[this.offset++];
  }
  peek(): number {
    this.need(1);
    return this.bytes[this.offset];
  }
}

function readIntegerOfType(r: Reader, marker: number): number {
  const at = r.offset;
  switch (marker) {
    case MARKER.int8:
      r.need(1);
      return r.view.getInt8(r.offset++);
    case MARKER.uint8:
      return r.byte();
    case MARKER.int16:
      r.need(2);
      r.offset += 2;
      return r.view.getInt16(at, INTEGERS_LITTLE_ENDIAN);
    case MARKER.int32:
      r.need(4);
      r.offset += 4;
      return r.view.getInt32(at, INTEGERS_LITTLE_ENDIAN);
    case MARKER.int64: {
      r.need(8);
      r.offset += 8;
      const big = r.view.getBigInt64(at, INTEGERS_LITTLE_ENDIAN);
      if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new UbjsonError("int64 outside the safe integer range", at);
      }
      return Number(big);
    }
    default:
      throw new UbjsonError(`Expected an integer marker, got 0x${marker.toString(16)}`, at - 1);
  }
}

function readLength(r: Reader): number {
  const at = r.offset;
  const length = readIntegerOfType(r, r.byte());
  if (length < 0) throw new UbjsonError(`Negative length ${length}`, at);
  return length;
}

function readStringBody(r: Reader): string {
  const length = readLength(r);
  const start = r.offset;
  r.need(length);
  r.offset += length;
  try {
    return textDecoder.decode(r.bytes.subarray(start, start + length));
  } catch {
    throw new UbjsonError("Invalid UTF-8 in string", start);
  }
}

function readKey(r: Reader): string {
  // UA writes keys as a bare typed length; standard encoders prefix an `S`, which no length marker is.
  if (r.peek() === MARKER.string) r.offset++;
  return readStringBody(r);
}

function readValueOfType(r: Reader, marker: number, depth: number): unknown {
  const at = r.offset - 1;
  switch (marker) {
    case MARKER.null:
      return null;
    case MARKER.true:
      return true;
    case MARKER.false:
      return false;
    case MARKER.int8:
    case MARKER.uint8:
    case MARKER.int16:
    case MARKER.int32:
    case MARKER.int64:
      return readIntegerOfType(r, marker);
    case MARKER.float32: {
      r.need(4);
      r.offset += 4;
      return r.view.getFloat32(at + 1, FLOAT64_LITTLE_ENDIAN);
    }
    case MARKER.float64: {
      r.need(8);
      r.offset += 8;
      return r.view.getFloat64(at + 1, FLOAT64_LITTLE_ENDIAN);
    }
    case MARKER.char:
      return String.fromCharCode(r.byte());
    case MARKER.string:
      return readStringBody(r);
    case MARKER.highPrecision: {
      const text = readStringBody(r);
      const number = Number(text);
      if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) || !Number.isFinite(number)) {
        throw new UbjsonError(`Invalid high-precision number "${text.slice(0, 32)}"`, at);
      }
      return number;
    }
    case MARKER.arrayStart:
      return readArray(r, depth + 1);
    case MARKER.objectStart:
      return readObject(r, depth + 1);
    default:
      throw new UbjsonError(`Unknown type marker 0x${marker.toString(16)}`, at);
  }
}

/** Reads the optional `$type` and `#count` that may follow a container start. */
function readContainerHeader(r: Reader): { type: number | null; count: number | null } {
  let type: number | null = null;
  if (r.peek() === MARKER.type) {
    r.offset++;
    type = r.byte();
    if (r.peek() !== MARKER.count) throw new UbjsonError("A typed container needs a count", r.offset);
  }
  let count: number | null = null;
  if (r.peek() === MARKER.count) {
    r.offset++;
    const at = r.offset;
    count = readLength(r);
    // Every element takes at least one byte unless the shared type carries no payload.
    const payloadless = type === MARKER.null || type === MARKER.true || type === MARKER.false;
    const limit = payloadless ? 1_000_000 : r.bytes.length - r.offset;
    if (count > limit) throw new UbjsonError(`Count ${count} exceeds the input`, at);
  }
  return { type, count };
}

function enterDepth(r: Reader, depth: number): void {
  if (depth > r.maxDepth) throw new UbjsonError(`Nesting deeper than ${r.maxDepth}`, r.offset);
}

function readArray(r: Reader, depth: number): unknown[] {
  enterDepth(r, depth);
  const { type, count } = readContainerHeader(r);
  const items: unknown[] = [];
  if (count !== null) {
    for (let i = 0; i < count; i++) items.push(readValueOfType(r, type ?? r.byte(), depth));
    return items;
  }
  for (;;) {
    const marker = r.byte();
    if (marker === MARKER.arrayEnd) return items;
    if (marker === MARKER.noop) continue;
    items.push(readValueOfType(r, marker, depth));
  }
}

function readObject(r: Reader, depth: number): Record<string, unknown> {
  enterDepth(r, depth);
  const { type, count } = readContainerHeader(r);
  const object: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    // A key named __proto__ must become data, never the object's prototype.
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  };
  if (count !== null) {
    for (let i = 0; i < count; i++) {
      const key = readKey(r);
      put(key, readValueOfType(r, type ?? r.byte(), depth));
    }
    return object;
  }
  for (;;) {
    const marker = r.peek();
    if (marker === MARKER.objectEnd) {
      r.offset++;
      return object;
    }
    if (marker === MARKER.noop) {
      r.offset++;
      continue;
    }
    const key = readKey(r);
    put(key, readValueOfType(r, r.byte(), depth));
  }
}

/**
 * Decodes exactly one value that must span the whole input.
 *
 * @example
 * ```ts
 * decodeUbjson(encodeUbjson({ cmd: "get", url: "/ping" })); // { cmd: "get", url: "/ping" }
 * ```
 */
export function decodeUbjson(bytes: Uint8Array, options: DecodeOptions = {}): unknown {
  const r = new Reader(bytes, options.maxDepth ?? 64);
  let marker = r.byte();
  while (marker === MARKER.noop) marker = r.byte();
  const value = readValueOfType(r, marker, 0);
  if (r.offset !== bytes.length) {
    throw new UbjsonError(`Expected end of input, ${bytes.length - r.offset} byte(s) left`, r.offset);
  }
  return value;
}
