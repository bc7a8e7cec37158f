/**
 * @module
 * JSON request bodies for machine endpoints: a byte limit, a JSON content type, then a zod schema.
 * Every failure is a value the route turns into its own error envelope.
 */
import type { z } from "zod";
import { readBodyAtMost } from "./read_body.ts";

export type JsonBodyResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: 400 | 413 | 415; message: string; field?: string };

/**
 * @example
 * const body = await readJsonBody(c.req.raw, 16 * 1024, schema);
 * if (!body.ok) return c.json({ error: "invalid_request", message: body.message }, body.status);
 */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  maxBytes: number,
  schema: S,
): Promise<JsonBodyResult<z.output<S>>> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { ok: false, status: 415, message: "Send the body as application/json." };
  }
  const bytes = await readBodyAtMost(request, maxBytes);
  if (!bytes) return { ok: false, status: 413, message: `The body is larger than ${maxBytes} bytes.` };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, status: 400, message: "The body is not valid JSON." };
  }
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? String(issue.path[0]) : undefined;
    return { ok: false, status: 400, message: field ? `${field}: ${issue.message}` : issue.message, field };
  }
  return { ok: true, data: parsed.data };
}
