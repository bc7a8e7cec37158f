/**
 * @module
 * Serves a stored object over HTTP with range requests: 200 with the whole body, 206 with
 * `Content-Range` for one byte range (a media element seeking, a download resuming), 416 for a range
 * past the end. With an ETag, `If-Range` holding any other validator gets the whole body, so a
 * download resumed against another version of the object starts over instead of splicing two
 * versions. The bytes stream from storage; nothing is held in memory whole.
 */
import type { Storage } from "../storage/storage.ts";
import { parseRange } from "./byte_range.ts";

export interface StoredObject {
  /** The storage key. */
  key: string;
  contentType: string;
  cacheControl: string;
  /** A strong validator of the bytes (their SHA-256), sent quoted as `ETag`. */
  etag?: string;
  /** Sends the object as an attachment with this file name. */
  attachmentName?: string;
}

function headersOf(object: StoredObject): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Type": object.contentType,
    "Accept-Ranges": "bytes",
    "Cache-Control": object.cacheControl,
  };
  if (object.etag !== undefined) headers["ETag"] = `"${object.etag}"`;
  if (object.attachmentName !== undefined) {
    headers["Content-Disposition"] = `attachment; filename*=UTF-8''${
      encodeURIComponent(object.attachmentName)
    }`;
  }
  return headers;
}

/**
 * The answer to `request` (its `Range` and `If-Range` headers) with `object`'s bytes, or null when
 * nothing is stored under its key (the caller answers 404 in its own words).
 *
 * @example
 * const served = await serveObject(c.req.raw, storage, {
 *   key: track.storageKey,
 *   contentType: track.storageType,
 *   cacheControl: "private, no-store",
 *   etag: track.sha256,
 * });
 * return served ?? c.text("Not found", 404);
 */
export async function serveObject(
  request: Request,
  storage: Storage,
  object: StoredObject,
): Promise<Response | null> {
  const size = await storage.size(object.key);
  if (size === null) return null;
  const headers = headersOf(object);
  const ifRange = request.headers.get("if-range");
  const wanted = ifRange !== null && ifRange !== headers["ETag"]
    ? { kind: "whole" as const }
    : parseRange(request.headers.get("range") ?? undefined, size);
  if (wanted.kind === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
  }
  const range = wanted.kind === "range" ? wanted.range : undefined;
  const stream = await storage.read(object.key, range);
  if (!stream) return null;
  if (!range) {
    return new Response(stream, { status: 200, headers: { ...headers, "Content-Length": String(size) } });
  }
  return new Response(stream, {
    status: 206,
    headers: {
      ...headers,
      "Content-Length": String(range.end - range.start + 1),
      "Content-Range": `bytes ${range.start}-${range.end}/${size}`,
    },
  });
}
