/**
 * @module
 * Parsing: one message (text line, JSON object or decoded UBJSON object) → a typed command.
 * Framing lives in ../server/, handling in ./handler.ts.
 *
 * Text grammar: `<verb> <path>[?<query>] [<value>]`, or `<verb> {"paths":[…]}` for batches, or a JSON
 * object `{cmd, url, value|data, parameters}` / the client identification `{path, data}`.
 */

/** Query parameters echoed back in a reply's `parameters`. */
export const ECHOED_PARAMETERS = ["message_id", "cmd_id", "func_id", "flatvalue"] as const;
/** A batch may name at most this many paths. */
export const MAX_BATCH_PATHS = 10_000;
/** No protocol path is longer than this. */
export const MAX_PATH_LENGTH = 2048;

export interface Command {
  verb: string;
  /** The path as sent, without the query. */
  path: string;
  params: ReadonlyMap<string, string>;
  /** Present for `set` and `post`: raw text from a text command, a typed value from JSON/UBJSON. */
  value?: unknown;
  /** Set for the batch form `subscribe {"paths":[…]}`. */
  paths?: string[];
}

export type Parsed =
  | { kind: "command"; command: Command }
  | { kind: "identify"; key: string; data: unknown }
  | { kind: "empty" }
  | { kind: "error"; path: string; error: string; params?: ReadonlyMap<string, string> };

const NO_PARAMS: ReadonlyMap<string, string> = new Map();

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** Splits `path?a=1&b=2` into the path and its parameters (first occurrence of a name wins). */
export function splitQuery(target: string): { path: string; params: ReadonlyMap<string, string> } {
  const question = target.indexOf("?");
  if (question < 0) return { path: target, params: NO_PARAMS };
  const params = new Map<string, string>();
  for (const pair of target.slice(question + 1).split("&")) {
    if (!pair) continue;
    const equals = pair.indexOf("=");
    const name = decodeComponent(equals < 0 ? pair : pair.slice(0, equals));
    if (!params.has(name)) params.set(name, equals < 0 ? "" : decodeComponent(pair.slice(equals + 1)));
  }
  return { path: target.slice(0, question), params };
}

function error(path: string, message: string, params?: ReadonlyMap<string, string>): Parsed {
  return { kind: "error", path, error: message, params };
}

function parseBatch(verb: string, json: string, params: ReadonlyMap<string, string>): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return error("", `Malformed batch for ${verb}: not JSON.`, params);
  }
  const paths = (body as { paths?: unknown } | null)?.paths;
  if (!Array.isArray(paths) || paths.length === 0) {
    return error("", `Malformed batch for ${verb}: expected {"paths":[…]} with at least one path.`, params);
  }
  if (paths.length > MAX_BATCH_PATHS) {
    return error("", `Malformed batch for ${verb}: more than ${MAX_BATCH_PATHS} paths.`, params);
  }
  for (const path of paths) {
    if (typeof path !== "string" || path.length > MAX_PATH_LENGTH) {
      return error("", `Malformed batch for ${verb}: every path must be a string.`, params);
    }
  }
  return { kind: "command", command: { verb, path: "", params, paths: paths as string[] } };
}

/**
 * Parses one text message (already unframed).
 *
 * @example
 * ```ts
 * parseTextMessage("set /devices/0/inputs/0/Gain/value?message_id=a:1 10.0");
 * // { kind: "command", command: { verb: "set", path: "/devices/0/inputs/0/Gain/value", params: Map{message_id=>"a:1"}, value: "10.0" } }
 * ```
 */
export function parseTextMessage(text: string): Parsed {
  const message = text.trim();
  if (message.length === 0) return { kind: "empty" };
  if (message.charCodeAt(0) === 123 /* { */) return parseJsonMessage(message);
  const space = message.indexOf(" ");
  const verb = space < 0 ? message : message.slice(0, space);
  const rest = space < 0 ? "" : message.slice(space + 1).trimStart();
  if (rest.charCodeAt(0) === 123) return parseBatch(verb, rest, NO_PARAMS);
  const targetEnd = rest.indexOf(" ");
  const target = targetEnd < 0 ? rest : rest.slice(0, targetEnd);
  const { path, params } = splitQuery(target);
  if (path.length > MAX_PATH_LENGTH) return error(path.slice(0, 64), "Path too long.", params);
  const command: Command = { verb, path, params };
  if (targetEnd >= 0) {
    const value = rest.slice(targetEnd + 1);
    // A batch may follow a bare query: `subscribe ?message_id=1 {"paths":[…]}`.
    if (path === "" && value.charCodeAt(0) === 123) return parseBatch(verb, value, params);
    command.value = value;
  }
  return { kind: "command", command };
}

/** Parses a JSON text message: a command object or the client identification. */
function parseJsonMessage(message: string): Parsed {
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return error("", "Malformed command: not JSON.");
  }
  return parseMessageObject(body);
}

function stringParams(raw: unknown): Map<string, string> | null {
  if (raw === undefined || raw === null) return new Map();
  if (typeof raw !== "object" || Array.isArray(raw)) return null;
  const params = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") params.set(name, value);
    else if (typeof value === "number" || typeof value === "boolean") params.set(name, String(value));
    else return null;
  }
  return params;
}

/**
 * Interprets a decoded JSON/UBJSON object: `{cmd, url, value|data, parameters}` or `{path, data}`.
 *
 * @example
 * ```ts
 * parseMessageObject({ cmd: "get", url: "/ping", parameters: { message_id: "h:1" } });
 * ```
 */
export function parseMessageObject(body: unknown): Parsed {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return error("", "Malformed command: expected an object.");
  }
  const record = body as Record<string, unknown>;
  if (record.cmd === undefined) {
    if (typeof record.path === "string" && "data" in record && record.path.length <= MAX_PATH_LENGTH) {
      return { kind: "identify", key: record.path, data: record.data };
    }
    return error("", "Malformed command: expected {cmd, url} or {path, data}.");
  }
  if (typeof record.cmd !== "string" || typeof record.url !== "string") {
    return error("", "Malformed command: cmd and url must be strings.");
  }
  const extra = stringParams(record.parameters);
  if (!extra) return error(record.url.slice(0, 64), "Malformed command: parameters must hold scalars.");
  const { path, params } = splitQuery(record.url);
  if (path.length > MAX_PATH_LENGTH) return error(path.slice(0, 64), "Path too long.");
  const merged = new Map([...params, ...extra]);
  const command: Command = { verb: record.cmd, path, params: merged };
  const value = "value" in record ? record.value : record.data;
  if (value !== undefined) {
    const paths = (value as { paths?: unknown } | null)?.paths;
    if (path === "" && paths !== undefined) return parseBatch(record.cmd, JSON.stringify(value), merged);
    command.value = value;
  }
  return { kind: "command", command };
}
