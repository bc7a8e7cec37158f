/**
 * @module
 * Encodes JSON-like values into UA-flavoured UBJSON (see {@link ./format.ts}).
 */
import { FLOAT64_LITTLE_ENDIAN, INTEGERS_LITTLE_ENDIAN, MARKER } from "./format.ts";

const textEncoder = new TextEncoder();

/** Grows on demand so one encode allocates a handful of buffers, not one per value. */
class ByteWriter {
  #bytes = new Uint8Array(256);
  #view = new DataView(this.#bytes.buffer);
  length = 0;

  #reserve(extra: number): void {
    if (this.length + extra <= this.#bytes.length) return;
    let size = this.#bytes.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#bytes.subarray(0, this.length));
    this.#bytes = next;
    this.#view = new DataView(next.buffer);
  }
  byte(value: number): void {
    this.#reserve(1);
    this.#bytes[this.length++] = value;
  }
  int8(value: number): void {
    this.#reserve(1);
    this.#view.setInt8(this.length, value);
    this.length += 1;
  }
  int16(value: number): void {
    this.#reserve(2);
    this.#view.setInt16(this.length, value, INTEGERS_LITTLE_ENDIAN);
    this.length += 2;
  }
  int32(value: number): void {
    this.#reserve(4);
    this.#view.setInt32(this.length, value, INTEGERS_LITTLE_ENDIAN);
    this.length += 4;
  }
  int64(value: number): void {
    this.#reserve(8);
    this.#view.setBigInt64(this.length, BigInt(value), INTEGERS_LITTLE_ENDIAN);
    this.length += 8;
  }
  float64(value: number): void {
    this.#reserve(8);
    this.#view.setFloat64(this.length, value, FLOAT64_LITTLE_ENDIAN);
    this.length += 8;
  }
  bytes(chunk: Uint8Array): void {
    this.#reserve(chunk.length);
    this.#bytes.set(chunk, this.length);
    this.length += chunk.length;
  }
  result(): Uint8Array {
    return this.#bytes.slice(0, this.length);
  }
}

/** Writes an integer with the smallest marker that holds it (`i`, `U`, `I`, `l`, `L`). */
function writeInteger(out: ByteWriter, value: number): void {
  if (value >= -128 && value <= 127) {
    out.byte(MARKER.int8);
    out.int8(value);
  } else if (value >= 0 && value <= 255) {
    out.byte(MARKER.uint8);
    out.byte(value);
  } else if (value >= -32768 && value <= 32767) {
    out.byte(MARKER.int16);
    out.int16(value);
  } else if (value >= -2147483648 && value <= 2147483647) {
    out.byte(MARKER.int32);
    out.int32(value);
  } else {
    out.byte(MARKER.int64);
    out.int64(value);
  }
}

/** A string body without its `S` marker: typed length, then UTF-8 bytes (also the form of object keys). */
function writeStringBody(out: ByteWriter, value: string): void {
  const utf8 = textEncoder.encode(value);
  writeInteger(out, utf8.length);
  out.bytes(utf8);
}

function writeValue(out: ByteWriter, value: unknown, depth: number): void {
  if (depth > MAX_ENCODE_DEPTH) {
    throw new RangeError(`UBJSON encode: nesting deeper than ${MAX_ENCODE_DEPTH}`);
  }
  if (value === null || value === undefined) {
    out.byte(MARKER.null);
  } else if (value === true) {
    out.byte(MARKER.true);
  } else if (value === false) {
    out.byte(MARKER.false);
  } else if (typeof value === "number") {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) writeInteger(out, value);
    else if (Number.isFinite(value)) {
      out.byte(MARKER.float64);
      out.float64(value);
    } // JSON has no NaN/Infinity; encode them as null exactly like JSON.stringify does.
    else out.byte(MARKER.null);
  } else if (typeof value === "string") {
    out.byte(MARKER.string);
    writeStringBody(out, value);
  } else if (Array.isArray(value)) {
    out.byte(MARKER.arrayStart);
    out.byte(MARKER.count);
    writeInteger(out, value.length);
    for (const item of value) writeValue(out, item, depth + 1);
  } else if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    out.byte(MARKER.objectStart);
    out.byte(MARKER.count);
    writeInteger(out, entries.length);
    for (const [key, item] of entries) {
      writeStringBody(out, key);
      writeValue(out, item, depth + 1);
    }
  } else {
    throw new TypeError(`UBJSON encode: unsupported ${typeof value}`);
  }
}

/** Deeper structures are refused so a cyclic or hostile value cannot blow the stack. */
export const MAX_ENCODE_DEPTH = 256;

/**
 * Encodes a JSON-compatible value (objects, arrays, strings, finite numbers, booleans, null).
 *
 * @example
 * ```ts
 * encodeUbjson({ path: "/ping/value", data: true });
 * ```
 */
export function encodeUbjson(value: unknown): Uint8Array {
  const out = new ByteWriter();
  writeValue(out, value, 0);
  return out.result();
}
