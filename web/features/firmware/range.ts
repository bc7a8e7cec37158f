/**
 * @module
 * The `Range` header of a download (RFC 9110 §14): one byte range, `bytes=a-b`, `bytes=a-` or the
 * suffix form `bytes=-n`. Several ranges in one request are answered with the whole body, which the
 * RFC allows; a resuming downloader asks for one.
 */
import type { ByteRange } from "../../storage/storage.ts";

export type RangeRequest =
  | { kind: "whole" }
  | { kind: "range"; range: ByteRange }
  | { kind: "unsatisfiable" };

/**
 * @example
 * parseRange("bytes=100-", 1000) // { kind: "range", range: { start: 100, end: 999 } }
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: "whole" };
  const match = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(header.trim());
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
