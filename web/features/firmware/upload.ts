/**
 * @module
 * Receives the "publish a release" form: its text fields, then the controller build, streamed from
 * the request into a partial storage object while its SHA-256 and size are computed, never held in
 * memory whole. The fields are checked as soon as the file part begins (the form puts the file last),
 * so a bad version is refused before a hundred megabytes are read; a file over the limit is cut off
 * and discarded. Nothing is left in storage unless the whole upload succeeded.
 */
import { createSHA256 } from "hash-wasm";
import { streamBodyAtMost } from "../../http/read_body.ts";
import type { Storage } from "../../storage/storage.ts";
import { multipartBoundary, MultipartError, type MultipartEvent, multipartEvents } from "./multipart.ts";

/** Room for the text fields and the multipart framing around the file. */
export const FORM_FIELDS_MAX_BYTES = 64 * 1024;
export const ARTIFACT_FIELD = "artifact";

export type UploadResult =
  | { ok: true; fields: Record<string, string>; sha256: string; sizeBytes: number }
  | {
    ok: false;
    status: 400 | 408 | 413 | 415 | 422;
    fields: Record<string, string>;
    errors: Record<string, string>;
  };

export interface UploadTarget {
  storage: Storage;
  /** Where the bytes go while they arrive. */
  partialKey: string;
  /** Where they end up when the upload is complete. */
  finalKey: string;
  maxArtifactBytes: number;
  /** Field errors that refuse the upload before its file is read; empty when the fields are fine. */
  checkFields(fields: Record<string, string>): Promise<Record<string, string>>;
}

function decodeField(parts: Uint8Array[]): string | null {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * @example
 * const result = await receiveReleaseUpload(c.req.raw, { storage, partialKey, finalKey, maxArtifactBytes, checkFields });
 * if (!result.ok) return showForm(c, result.fields, result.errors, result.status);
 */
export async function receiveReleaseUpload(request: Request, target: UploadTarget): Promise<UploadResult> {
  const fields: Record<string, string> = {};
  const fail = (status: 400 | 408 | 413 | 415 | 422, errors: Record<string, string>): UploadResult => ({
    ok: false,
    status,
    fields,
    errors,
  });
  const boundary = multipartBoundary(request.headers.get("content-type") ?? undefined);
  if (!boundary) return fail(415, { _form: "Send the form as multipart/form-data." });
  const body = streamBodyAtMost(request, target.maxArtifactBytes + FORM_FIELDS_MAX_BYTES);
  const events = multipartEvents(body.chunks, boundary)[Symbol.asyncIterator]();
  let partial: string | null = null;
  let artifact: { sha256: string; sizeBytes: number } | null = null;
  let fieldBytes = 0;
  const bodyProblem = (): UploadResult | null => {
    const end = body.end();
    if (end === "too large") {
      return fail(413, {
        artifact: `The build is larger than ${Math.floor(target.maxArtifactBytes / 1_048_576)} MB.`,
      });
    }
    if (end === "timeout") return fail(408, { _form: "The upload arrived too slowly." });
    if (end === "aborted") return fail(400, { _form: "The upload was interrupted." });
    return null;
  };
  try {
    let event: IteratorResult<MultipartEvent>;
    while (!(event = await events.next()).done) {
      const part = event.value;
      if (part.kind !== "part") continue;
      if (part.name === ARTIFACT_FIELD && part.filename !== null) {
        if (artifact || partial) return fail(400, { artifact: "Upload one build." });
        const errors = await target.checkFields(fields);
        if (Object.keys(errors).length > 0) return fail(422, errors);
        partial = await target.storage.beginPartial(target.partialKey, target.finalKey);
        const streamed = await streamArtifact(events, target, partial);
        partial = streamed.state;
        if (streamed.kind === "too large") {
          return fail(413, {
            artifact: `The build is larger than ${Math.floor(target.maxArtifactBytes / 1_048_576)} MB.`,
          });
        }
        if (streamed.kind === "broken") return bodyProblem() ?? fail(400, { _form: streamed.message });
        artifact = { sha256: streamed.sha256, sizeBytes: streamed.sizeBytes };
        continue;
      }
      const parts: Uint8Array[] = [];
      let next: IteratorResult<MultipartEvent>;
      while (!(next = await events.next()).done && next.value.kind === "data") {
        fieldBytes += next.value.bytes.byteLength;
        if (fieldBytes > FORM_FIELDS_MAX_BYTES) {
          return fail(413, { _form: "The form's text fields are too long." });
        }
        parts.push(next.value.bytes.slice());
      }
      if (part.filename !== null) continue;
      const value = decodeField(parts);
      if (value === null) return fail(400, { [part.name]: "This field is not UTF-8 text." });
      // Checkboxes repeat their name: the values are joined with commas.
      fields[part.name] = part.name in fields ? `${fields[part.name]},${value}` : value;
    }
    if (!artifact || !partial) return fail(422, { artifact: "Choose the controller build to upload." });
    if (artifact.sizeBytes === 0) return fail(422, { artifact: "The build is empty." });
    await target.storage.completePartial(target.partialKey, partial, target.finalKey);
    partial = null;
    return { ok: true, fields, ...artifact };
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    return bodyProblem() ?? fail(400, { _form: error.message });
  } finally {
    await events.return?.(undefined);
    if (partial !== null) await target.storage.abortPartial(target.partialKey, partial);
  }
}

/** How the file part ended, with the partial object's state to complete or abort it with. */
type Streamed =
  | { kind: "complete"; state: string; sha256: string; sizeBytes: number }
  | { kind: "too large"; state: string }
  | { kind: "broken"; state: string; message: string };

/** Appends the file part's bytes to the partial object, hashing them on the way. */
async function streamArtifact(
  events: AsyncIterator<MultipartEvent>,
  target: UploadTarget,
  partialState: string,
): Promise<Streamed> {
  const hasher = await createSHA256();
  hasher.init();
  let size = 0;
  let outcome = "broken" as "complete" | "too large" | "broken";
  let message = "The form ended inside the build.";
  // appendPartial wants chunks that end rather than throw, so a problem ends them and is noted here.
  async function* chunks(): AsyncGenerator<Uint8Array> {
    while (true) {
      let next: IteratorResult<MultipartEvent>;
      try {
        next = await events.next();
      } catch (error) {
        if (!(error instanceof MultipartError)) throw error;
        message = error.message;
        return;
      }
      if (next.done) return;
      if (next.value.kind !== "data") {
        outcome = "complete";
        return;
      }
      size += next.value.bytes.byteLength;
      if (size > target.maxArtifactBytes) {
        outcome = "too large";
        return;
      }
      hasher.update(next.value.bytes);
      yield next.value.bytes;
    }
  }
  const appended = await target.storage.appendPartial(target.partialKey, partialState, 0, chunks());
  if (outcome === "too large") return { kind: "too large", state: appended.state };
  if (outcome === "broken") return { kind: "broken", state: appended.state, message };
  return { kind: "complete", state: appended.state, sha256: hasher.digest("hex"), sizeBytes: size };
}
