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

/**
 * The longest value a form field may carry (a developer app's ten redirect URIs are the longest
 * real one). A longer value fails the form and is never echoed back into the re-rendered page.
 */
export const MAX_FIELD_CHARS = 24 * 1024;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string> }
  | { ok: false; errors: Record<string, string>; values: Record<string, string>; tooLarge?: boolean };

/**
 * Field values of an urlencoded (or multipart, text fields only) form, last value wins; null when the
 * body is over MAX_FORM_BYTES. Multipart is parsed only after the bounded read, from the bytes in hand.
 */
async function readFormValues(request: Request): Promise<Record<string, string> | null> {
  const type = request.headers.get("content-type") ?? "";
  const bytes = await readBodyAtMost(request, MAX_FORM_BYTES);
  if (!bytes) return null;
  if (type.toLowerCase().startsWith("multipart/form-data")) {
    const form = await new Response(bytes, { headers: { "content-type": type } }).formData().catch(() =>
      null
    );
    const values: Record<string, string> = {};
    for (const [key, value] of form ?? []) if (typeof value === "string") values[key] = value;
    return values;
  }
  return Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)));
}

/** Splits off values over MAX_FIELD_CHARS: they get an error and are echoed as empty. */
function boundFields(values: Record<string, string>): {
  values: Record<string, string>;
  errors: Record<string, string>;
} {
  const bounded: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value.length > MAX_FIELD_CHARS) {
      errors[key] = "This field is too long.";
      bounded[key] = "";
    } else bounded[key] = value;
  }
  return { values: bounded, errors };
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
  const read = await readFormValues(c.req.raw);
  if (read === null) {
    return { ok: false, errors: { _form: "The form is too large." }, values: {}, tooLarge: true };
  }
  const { values, errors } = boundFields(read);
  if (Object.keys(errors).length) return { ok: false, errors, values };
  const parsed = await schema.safeParseAsync(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values };
  return { ok: true, data: parsed.data, values };
}
