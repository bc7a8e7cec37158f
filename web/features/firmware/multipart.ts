/**
 * @module
 * A streaming `multipart/form-data` reader (RFC 7578), for forms that carry a file far too large to
 * hold in memory: it turns the body's chunks into a flat sequence of events (a part begins, bytes of
 * it, it ends) without ever holding more than one chunk plus a delimiter's worth of bytes. A data
 * event's bytes are only valid until the next event is asked for.
 */

export type MultipartEvent =
  | { kind: "part"; name: string; filename: string | null; contentType: string | null }
  | { kind: "data"; bytes: Uint8Array }
  | { kind: "end" };

export class MultipartError extends Error {
  override name = "MultipartError";
}

export interface MultipartLimits {
  /** Bytes of one part's header block. */
  maxHeaderBytes: number;
  maxParts: number;
}

const DEFAULT_LIMITS: MultipartLimits = { maxHeaderBytes: 8 * 1024, maxParts: 32 };
const CRLF_CRLF = new Uint8Array([13, 10, 13, 10]);
const MAX_PREAMBLE_BYTES = 8 * 1024;

/** The boundary of a `multipart/form-data` content type, or null when it is not one. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : null;
}

/** Index of `needle` in `haystack[0, length)`, or -1. */
function indexOf(haystack: Uint8Array, length: number, needle: Uint8Array, from = 0): number {
  const view = haystack.subarray(0, length);
  const first = needle[0];
  const last = length - needle.length;
  for (let at = view.indexOf(first, from); at !== -1 && at <= last; at = view.indexOf(first, at + 1)) {
    let matches = true;
    for (let i = 1; i < needle.length; i++) {
      if (view[at + i] !== needle[i]) {
        matches = false;
        break;
      }
    }
    if (matches) return at;
  }
  return -1;
}

function dispositionParameter(value: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}="([^"]*)"`, "i").exec(value);
  return match ? match[1] : null;
}

function parseHeaders(block: Uint8Array): Extract<MultipartEvent, { kind: "part" }> {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(block);
  } catch {
    throw new MultipartError("A part's headers are not UTF-8.");
  }
  let disposition: string | null = null;
  let contentType: string | null = null;
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === "content-disposition") disposition = value;
    if (header === "content-type") contentType = value;
  }
  if (!disposition || !/^form-data\b/i.test(disposition)) {
    throw new MultipartError("A part has no Content-Disposition: form-data header.");
  }
  const name = dispositionParameter(disposition, "name");
  if (name === null) throw new MultipartError("A part has no name.");
  return { kind: "part", name, filename: dispositionParameter(disposition, "filename"), contentType };
}

/** A growable byte buffer with room at the end and cheap removal from the front. */
class Window {
  bytes = new Uint8Array(128 * 1024);
  length = 0;

  append(chunk: Uint8Array): void {
    if (this.length + chunk.byteLength > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(this.bytes.byteLength * 2, this.length + chunk.byteLength));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length += chunk.byteLength;
  }

  drop(count: number): void {
    this.bytes.copyWithin(0, count, this.length);
    this.length -= count;
  }
}

/**
 * The events of a multipart body. Throws MultipartError on a malformed or truncated body.
 *
 * @example
 * for await (const event of multipartEvents(body.chunks, boundary)) {
 *   if (event.kind === "data") hasher.update(event.bytes);
 * }
 */
export async function* multipartEvents(
  chunks: AsyncIterable<Uint8Array>,
  boundary: string,
  limits: MultipartLimits = DEFAULT_LIMITS,
): AsyncGenerator<MultipartEvent> {
  // Every delimiter, the first included, is CRLF "--" boundary: a CRLF in front of the body makes it so.
  const delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
  const window = new Window();
  window.append(new Uint8Array([13, 10]));
  let state: "preamble" | "delimiter" | "headers" | "body" | "done" = "preamble";
  let parts = 0;
  let preamble = 0;
  for await (const chunk of chunks) {
    if (state === "done") continue;
    window.append(chunk);
    while (true) {
      if (state === "preamble") {
        const at = indexOf(window.bytes, window.length, delimiter);
        if (at === -1) {
          const keep = Math.min(window.length, delimiter.length - 1);
          preamble += window.length - keep;
          if (preamble > MAX_PREAMBLE_BYTES) throw new MultipartError("No multipart boundary found.");
          window.drop(window.length - keep);
          break;
        }
        window.drop(at + delimiter.length);
        state = "delimiter";
      } else if (state === "delimiter") {
        if (window.length < 2) break;
        const [a, b] = [window.bytes[0], window.bytes[1]];
        if (a === 45 && b === 45) {
          state = "done";
          break;
        }
        if (a !== 13 || b !== 10) throw new MultipartError("A multipart boundary is followed by garbage.");
        window.drop(2);
        state = "headers";
      } else if (state === "headers") {
        const at = indexOf(window.bytes, window.length, CRLF_CRLF);
        if (at === -1) {
          if (window.length > limits.maxHeaderBytes) {
            throw new MultipartError("A part's headers are too long.");
          }
          break;
        }
        if (at > limits.maxHeaderBytes) throw new MultipartError("A part's headers are too long.");
        if (++parts > limits.maxParts) throw new MultipartError("The form has too many parts.");
        const event = parseHeaders(window.bytes.slice(0, at));
        window.drop(at + CRLF_CRLF.length);
        state = "body";
        yield event;
      } else if (state === "body") {
        const at = indexOf(window.bytes, window.length, delimiter);
        if (at === -1) {
          // Bytes that could be the start of a delimiter stay for the next chunk.
          const safe = window.length - (delimiter.length - 1);
          if (safe > 0) {
            yield { kind: "data", bytes: window.bytes.subarray(0, safe) };
            window.drop(safe);
          }
          break;
        }
        if (at > 0) yield { kind: "data", bytes: window.bytes.subarray(0, at) };
        yield { kind: "end" };
        window.drop(at + delimiter.length);
        state = "delimiter";
      } else {
        break;
      }
    }
  }
  if (state !== "done") throw new MultipartError("The form ended before its closing boundary.");
}
