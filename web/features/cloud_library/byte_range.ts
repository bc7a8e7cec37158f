/**
 * @module
 * The `Range` request header for audio playback: one byte range (`bytes=a-b`, `bytes=a-`,
 * `bytes=-n`). Browsers ask for one range at a time when they stream media; several ranges, or
 * another unit, are answered with the whole file, as RFC 9110 allows.
 */
import type { ByteRange } from "../../storage/storage.ts";

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
  if (!header || header.length > 100) return { kind: "whole" };
  const match = /^bytes=\s*(\d{0,15})-(\d{0,15})\s*$/.exec(header);
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
