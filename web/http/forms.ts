/**
 * @module
 * Reading HTML form posts: a size cap on the body, then a zod schema. Failures come back as
 * field → message maps that views render inline next to each input.
 */
import type { Context } from "hono";
import type { z } from "zod";
import { readBodyAtMost } from "./read_body.ts";

/** Forms carry a few short fields; anything bigger is refused before it is parsed. */
export const MAX_FORM_BYTES = 64 * 1024;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: Record<string, string>; values: Record<string, string>; tooLarge?: boolean };

async function readLimitedText(request: Request, maxBytes: number): Promise<string | null> {
  const bytes = await readBodyAtMost(request, maxBytes);
  return bytes && new TextDecoder().decode(bytes);
}

/** Field values of an urlencoded (or multipart, text fields only) form, last value wins. */
async function readFormValues(c: Context): Promise<Record<string, string> | null> {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    if (Number(c.req.header("content-length") ?? "0") > MAX_FORM_BYTES) return null;
    const form = await c.req.raw.formData().catch(() => null);
    if (!form) return {};
    const values: Record<string, string> = {};
    for (const [key, value] of form) if (typeof value === "string") values[key] = value;
    return values;
  }
  const text = await readLimitedText(c.req.raw, MAX_FORM_BYTES);
  if (text === null) return null;
  return Object.fromEntries(new URLSearchParams(text));
}

/** First message per field of a zod error (a form-wide issue goes under `_form`). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "_form";
    errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * Parses the request's form with `schema`.
 *
 * @example
 * ```ts
 * const form = await parseForm(c, z.object({ email: z.email() }));
 * if (!form.ok) return renderPage(c, { title, status: 422, body: <Form errors={form.errors} values={form.values} /> });
 * ```
 */
export async function parseForm<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<FormResult<z.output<S>>> {
  const values = await readFormValues(c);
  if (values === null) {
    return { ok: false, errors: { _form: "The form is too large." }, values: {}, tooLarge: true };
  }
  const parsed = await schema.safeParseAsync(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
  return { ok: true, data: parsed.data, values };
}
