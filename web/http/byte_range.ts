/**
 * @module
 * The `Range` request header (RFC 9110 §14.2): one byte range, `bytes=a-b`, `bytes=a-` or the suffix
 * form `bytes=-n`. Media players and resuming downloaders ask for one range at a time; several ranges,
 * another unit or a header longer than any such range are answered with the whole body, as the RFC
 * allows.
 */
import type { ByteRange } from "../storage/storage.ts";

/** Longer than any one-range header with 15-digit offsets; longer ones are not read. */
const MAX_RANGE_HEADER_LENGTH = 100;

export type RangeRequest =
  | { kind: "whole" }
  | { kind: "range"; range: ByteRange }
  | { kind: "unsatisfiable" };

/**
 * @example
 * parseRange("bytes=0-1023", 5000); // { kind: "range", range: { start: 0, end: 1023 } }
 * parseRange("bytes=-500", 5000); // the last 500 bytes: 4500–4999
 * parseRange("bytes=6000-", 5000); // { kind: "unsatisfiable" }
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (!header || header.length > MAX_RANGE_HEADER_LENGTH) return { kind: "whole" };
  const match = /^\s*bytes=\s*(\d{0,15})-(\d{0,15})\s*$/.exec(header);
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "whole" };
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "range", range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return { kind: "unsatisfiable" };
  return { kind: "range", range: { start, end } };
}
