/**
 * @module
 * The tus 1.0 endpoint of the library (core protocol plus the creation, termination and expiration
 * extensions) at /api/cloud/uploads. The protocol lives here; uploads.ts does the work. Requests carry
 * the browser session (and pass the portal's same-origin check), and the account's email must be
 * verified. Another user's upload answers 404 like an unknown one.
 */
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { signedInGuard } from "../../auth/middleware.ts";
import { streamBodyAtMost } from "../../http/read_body.ts";
import {
  appendToUpload,
  cleanFilename,
  createUpload,
  findUpload,
  MAX_UPLOAD_BYTES,
  terminateUpload,
} from "./uploads.ts";

export const TUS_VERSION = "1.0.0";
export const UPLOADS_PATH = "/api/cloud/uploads";
const TUS_EXTENSIONS = "creation,termination,expiration";
const MAX_METADATA_LENGTH = 4096;

function tusHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { "Tus-Resumable": TUS_VERSION, "Cache-Control": "no-store", ...extra };
}

function answer<E extends AppEnv>(
  c: Context<E>,
  status: number,
  message: string,
  extra: Record<string, string> = {},
) {
  return c.body(message, status as 400, {
    ...tusHeaders(extra),
    "Content-Type": "text/plain; charset=utf-8",
  });
}

/** A non-negative integer header, or null when absent or malformed. */
function integerHeader<E extends AppEnv>(c: Context<E>, name: string): number | null {
  const value = c.req.header(name);
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** The `filename` entry of tus `Upload-Metadata` (`key base64,key base64`). */
export function filenameFromMetadata(header: string | undefined): string | null {
  if (!header || header.length > MAX_METADATA_LENGTH) return null;
  for (const pair of header.split(",")) {
    const [key, value] = pair.trim().split(" ");
    if (key !== "filename" || !value) continue;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(
        Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0)),
      );
    } catch {
      return null;
    }
  }
  return null;
}

/** Routes of the tus endpoint. */
export function uploadRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.options(`${UPLOADS_PATH}/*`, (c) => c.body(null, 204, tusHeaders(discovery())));
  routes.options(UPLOADS_PATH, (c) => c.body(null, 204, tusHeaders(discovery())));

  const uploaderRoutes = guardedRoutes(UPLOADS_PATH, guard());

  uploaderRoutes.post(UPLOADS_PATH, async (c) => {
    const length = integerHeader(c, "Upload-Length");
    if (length === null) return answer(c, 400, "Upload-Length must be the file's size in bytes.");
    if (c.req.header("Upload-Defer-Length")) return answer(c, 400, "Deferred lengths are not supported.");
    const filename = cleanFilename(filenameFromMetadata(c.req.header("Upload-Metadata")) ?? "untitled");
    const result = await createUpload(c.var.deps, c.var.user.id, { lengthBytes: length, filename });
    if (!result.ok) return answer(c, result.status, result.message);
    return c.body(
      null,
      201,
      tusHeaders({
        Location: `${UPLOADS_PATH}/${result.upload.id}`,
        "Upload-Expires": result.upload.expiresAt.toUTCString(),
      }),
    );
  });

  // Hono answers HEAD with the GET route (body dropped): tus clients HEAD, a GET gets the same headers.
  uploaderRoutes.get(`${UPLOADS_PATH}/:id`, async (c) => {
    const upload = await findUpload(c.var.deps, c.var.user.id, c.req.param("id"));
    if (!upload) return c.body(null, 404, tusHeaders());
    return c.body(
      null,
      200,
      tusHeaders({
        "Upload-Offset": String(upload.offsetBytes),
        "Upload-Length": String(upload.lengthBytes),
        "Upload-Expires": upload.expiresAt.toUTCString(),
      }),
    );
  });

  uploaderRoutes.patch(`${UPLOADS_PATH}/:id`, async (c) => {
    if (c.req.header("Content-Type") !== "application/offset+octet-stream") {
      return answer(c, 415, "PATCH bodies must be application/offset+octet-stream.");
    }
    const offset = integerHeader(c, "Upload-Offset");
    if (offset === null) return answer(c, 400, "Upload-Offset must be a byte offset.");
    const upload = await findUpload(c.var.deps, c.var.user.id, c.req.param("id"));
    if (!upload) return answer(c, 404, "No such upload (it may have expired).");
    const remaining = upload.lengthBytes - offset;
    const declared = integerHeader(c, "Content-Length");
    if (declared !== null && remaining >= 0 && declared > remaining) {
      return answer(c, 413, "The body is longer than the rest of the upload.");
    }
    const body = streamBodyAtMost(c.req.raw, Math.max(0, remaining));
    const result = await appendToUpload(
      c.var.deps,
      c.var.user.id,
      upload.id,
      offset,
      { chunks: body.chunks, tooLarge: () => body.end() === "too large" },
    );
    switch (result.kind) {
      case "not found":
        return answer(c, 404, "No such upload (it may have expired).");
      case "busy":
        return answer(c, 423, "Another request is writing to this upload.");
      case "offset mismatch":
        return answer(c, 409, "Upload-Offset does not match the bytes received.", {
          "Upload-Offset": String(result.offset),
        });
      case "rejected":
        return answer(c, 422, result.message);
      case "too large":
        return answer(c, 413, "The body is longer than the rest of the upload; the upload was cancelled.");
      case "progress":
        return c.body(
          null,
          204,
          tusHeaders({
            "Upload-Offset": String(result.upload.offsetBytes),
            "Upload-Expires": result.upload.expiresAt.toUTCString(),
          }),
        );
      case "stored":
      case "duplicate":
        return c.body(
          null,
          204,
          tusHeaders({
            "Upload-Offset": String(upload.lengthBytes),
            "Mixera-Track-Id": result.track.id,
            ...(result.kind === "duplicate" ? { "Mixera-Duplicate-Of": result.track.id } : {}),
            ...(result.kind === "stored" && result.track.likelyDuplicateOf
              ? { "Mixera-Likely-Duplicate-Of": result.track.likelyDuplicateOf }
              : {}),
          }),
        );
    }
  });

  uploaderRoutes.delete(`${UPLOADS_PATH}/:id`, async (c) => {
    const terminated = await terminateUpload(c.var.deps, c.var.user.id, c.req.param("id"));
    return c.body(null, terminated ? 204 : 404, tusHeaders());
  });

  routes.route("/", uploaderRoutes);
  return routes;
}

function discovery(): Record<string, string> {
  return {
    "Tus-Version": TUS_VERSION,
    "Tus-Extension": TUS_EXTENSIONS,
    "Tus-Max-Size": String(MAX_UPLOAD_BYTES),
  };
}

/** Signed in (401), verified email (403) and the tus version header (412), checked before any work. */
function guard(): MiddlewareHandler<SignedInEnv> {
  return signedInGuard({
    signedOut: (c) => answer(c, 401, "Sign in to upload."),
    refuse: (c, user) => {
      if (!user.emailVerifiedAt) return answer(c, 403, "Verify your email address before uploading.");
      if (c.req.header("Tus-Resumable") !== TUS_VERSION) {
        return answer(c, 412, `Tus-Resumable ${TUS_VERSION} required.`, { "Tus-Version": TUS_VERSION });
      }
    },
  });
}
