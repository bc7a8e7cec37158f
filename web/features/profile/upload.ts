/**
 * @module Reads a multipart form that carries one file, refusing bodies over a byte limit before they
 * are buffered in full (the shared form reader caps bodies at 64 KiB, far below a picture).
 */
import { readBodyAtMost } from "../../http/read_body.ts";

/** Room for the multipart boundaries, headers and the form's small text fields. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

export type UploadResult =
  | { ok: true; form: FormData }
  | { ok: false; reason: "too_large" | "not_multipart" | "malformed" };

/**
 * Reads at most `maxFileBytes` (plus multipart overhead) of `request` and parses it as a form.
 *
 * @example
 * const upload = await readUploadForm(c.req.raw, MAX_PICTURE_BYTES);
 * if (upload.ok) upload.form.get("picture");
 */
export async function readUploadForm(request: Request, maxFileBytes: number): Promise<UploadResult> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) return { ok: false, reason: "not_multipart" };
  const limit = maxFileBytes + MULTIPART_OVERHEAD_BYTES;
  if (Number(request.headers.get("content-length") ?? "0") > limit) return { ok: false, reason: "too_large" };
  const body = await readBodyAtMost(request, limit);
  if (!body) return { ok: false, reason: "too_large" };
  try {
    const form = await new Response(body, { headers: { "content-type": type } }).formData();
    return { ok: true, form };
  } catch {
    return { ok: false, reason: "malformed" };
  }
}
