/**
 * @module
 * Parsing a decoded value into an {@link OcpMessage} (or an error envelope that says why not), and
 * building outgoing messages with fresh ids and timestamps.
 *
 * @example
 * ```ts
 * const hello = createMessage("HELLO", { firmware_version: "1.0.0", protocol_version: "1.0" });
 * parseMessage(hello); // { ok: true, message: hello }
 * ```
 */
import type { z } from "zod";
import { type ErrorEnvelope, ocpError } from "./errors.ts";
import {
  EnvelopeSchema,
  OCP_MESSAGE_TYPES,
  type OcpEndpoint,
  type OcpMessage,
  type OcpMessageType,
  PAYLOAD_SCHEMAS,
} from "./schemas.ts";

export type ParseResult = { ok: true; message: OcpMessage } | {
  ok: false;
  error: ErrorEnvelope;
  /** Id and type of the refused message when they could be read, to address the error reply. */
  id?: string;
  type?: OcpMessageType;
};

function describeIssues(error: z.ZodError): string {
  return error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

export function parseMessage(value: unknown): ParseResult {
  const envelope = EnvelopeSchema.safeParse(value);
  if (!envelope.success) {
    const rawType = (value as { type?: unknown } | null)?.type;
    if (typeof rawType === "string" && !(OCP_MESSAGE_TYPES as readonly string[]).includes(rawType)) {
      return { ok: false, error: ocpError("UNKNOWN_MESSAGE_TYPE", rawType.slice(0, 64)) };
    }
    const isHello = rawType === "HELLO";
    return {
      ok: false,
      error: ocpError(isHello ? "INVALID_HELLO" : "INVALID_MESSAGE", describeIssues(envelope.error)),
      type: isHello ? "HELLO" : undefined,
    };
  }
  const schema = PAYLOAD_SCHEMAS[envelope.data.type];
  if (!schema) return { ok: true, message: envelope.data as OcpMessage };
  const payload = schema.safeParse(envelope.data.payload);
  if (!payload.success) {
    const name = envelope.data.type === "HELLO" ? "INVALID_HELLO" : "INVALID_MESSAGE";
    return {
      ok: false,
      error: ocpError(name, `payload.${describeIssues(payload.error)}`),
      id: envelope.data.id,
      type: envelope.data.type,
    };
  }
  return { ok: true, message: { ...envelope.data, payload: payload.data } as OcpMessage };
}

export interface MessageAddress {
  from?: OcpEndpoint;
  to?: OcpEndpoint;
  /** Reuse an id (a CMD retry must keep its id so the receiver can recognise the duplicate). */
  id?: string;
  now?: Date;
}

export function createMessage<T extends OcpMessageType>(
  type: T,
  payload: Record<string, unknown>,
  address: MessageAddress = {},
): OcpMessage {
  const message: Record<string, unknown> = {
    id: address.id ?? crypto.randomUUID(),
    type,
    ts: (address.now ?? new Date()).toISOString(),
    payload,
  };
  if (address.from) message.from = address.from;
  if (address.to) message.to = address.to;
  return message as OcpMessage;
}
