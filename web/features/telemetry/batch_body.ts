/**
 * @module
 * Reads a telemetry batch from a request: JSON, plain or `Content-Encoding: gzip`. The body as sent
 * may be at most MAX_BATCH_BODY_BYTES (gzip) and its JSON at most MAX_BATCH_JSON_BYTES; a gzip body
 * is inflated with a byte counter, so a bomb is refused after about one megabyte of output.
 */
import {
  MAX_BATCH_BODY_BYTES,
  MAX_BATCH_JSON_BYTES,
  type TelemetryBatch,
  TelemetryBatchSchema,
} from "../../../shared/telemetry/mod.ts";
import { JsonBodyError, parseJsonBytes } from "../../http/json_body.ts";
import { readBodyAtMost } from "../../http/read_body.ts";
import { gunzipAtMost, InflateError } from "./inflate.ts";
import type { RawBatchBody } from "./sink.ts";

export type BatchBodyResult =
  | { ok: true; batch: TelemetryBatch; raw: RawBatchBody }
  | { ok: false; status: 400 | 413 | 415; message: string };

type Refusal = { status: 413 | 415 | 400; message: string };

/** The body as sent and its JSON. */
async function bodyAndJson(request: Request): Promise<{ raw: RawBatchBody; json: Uint8Array } | Refusal> {
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding === "identity") {
    const plain = await readBodyAtMost(request, MAX_BATCH_JSON_BYTES);
    if (!plain) return { status: 413, message: `The batch is larger than ${MAX_BATCH_JSON_BYTES} bytes.` };
    return { raw: { bytes: plain, encoding: "identity" }, json: plain };
  }
  if (encoding !== "gzip") {
    return { status: 415, message: "Send the batch as plain JSON or with Content-Encoding: gzip." };
  }
  const compressed = await readBodyAtMost(request, MAX_BATCH_BODY_BYTES);
  if (!compressed) {
    return { status: 413, message: `The gzip body is larger than ${MAX_BATCH_BODY_BYTES} bytes.` };
  }
  try {
    return {
      raw: { bytes: compressed, encoding: "gzip" },
      json: await gunzipAtMost(compressed, MAX_BATCH_JSON_BYTES),
    };
  } catch (error) {
    if (!(error instanceof InflateError)) throw error;
    return error.reason === "too large"
      ? { status: 413, message: `The batch inflates to more than ${MAX_BATCH_JSON_BYTES} bytes.` }
      : { status: 400, message: "The body is not valid gzip." };
  }
}

/** The batch in `request`, or why it is refused (413 too large, 415 wrong type or encoding, 400 invalid). */
export async function readTelemetryBatch(request: Request): Promise<BatchBodyResult> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
    return { ok: false, status: 415, message: "Send the batch as application/json." };
  }
  const body = await bodyAndJson(request);
  if ("status" in body) return { ok: false, ...body };
  let value: unknown;
  try {
    value = parseJsonBytes(body.json);
  } catch (error) {
    if (!(error instanceof JsonBodyError)) throw error;
    return { ok: false, status: 400, message: error.message };
  }
  const parsed = TelemetryBatchSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return { ok: false, status: 400, message: `${where}${issue.message}`.slice(0, 500) };
  }
  return { ok: true, batch: parsed.data, raw: body.raw };
}
