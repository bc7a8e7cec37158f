/**
 * @module
 * Replies as the protocol writes them: `{"path":…,"data":…,"parameters":{…}}` or
 * `{"path":…,"error":…}`. Large node renderings arrive pre-serialised (`dataJson`) so they are
 * built once, straight into the output string.
 */
import { encodeUbjson, frameUbjson } from "../../../shared/ubjson/mod.ts";
import { type Command, ECHOED_PARAMETERS } from "./command.ts";

export interface Reply {
  path: string;
  data?: unknown;
  /** `data` already serialised as JSON (text sessions only). */
  dataJson?: string;
  error?: string;
  parameters?: Record<string, string>;
}

/** The parameters a reply echoes (message_id, cmd_id, func_id, flatvalue), or undefined when none. */
export function echoedParameters(params: Command["params"] | undefined): Record<string, string> | undefined {
  if (!params || params.size === 0) return undefined;
  let echoed: Record<string, string> | undefined;
  for (const name of ECHOED_PARAMETERS) {
    const value = params.get(name);
    if (value !== undefined) (echoed ??= {})[name] = value;
  }
  return echoed;
}

/** The reply as one JSON text (no terminator). */
export function replyJson(reply: Reply): string {
  const head = `{"path":${JSON.stringify(reply.path)}`;
  const body = reply.error !== undefined
    ? `,"error":${JSON.stringify(reply.error)}`
    : `,"data":${reply.dataJson ?? JSON.stringify(reply.data ?? null)}`;
  const parameters = reply.parameters ? `,"parameters":${JSON.stringify(reply.parameters)}` : "";
  return `${head}${body}${parameters}}`;
}

/** The reply as a UBJS frame. */
export function replyFrame(reply: Reply): Uint8Array {
  const object: Record<string, unknown> = { path: reply.path };
  if (reply.error !== undefined) object.error = reply.error;
  else object.data = reply.dataJson !== undefined ? JSON.parse(reply.dataJson) : reply.data ?? null;
  if (reply.parameters) object.parameters = reply.parameters;
  return frameUbjson(encodeUbjson(object));
}
