/**
 * @module
 * The OCP error envelope `{code, message, fatal}` and the codes this implementation sends.
 * `fatal: true` means the sender closes the connection right after.
 */
import { z } from "zod";

export const ErrorEnvelopeSchema = z.object({
  code: z.number().int().min(1000).max(9999),
  message: z.string().max(1024),
  fatal: z.boolean(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export const OCP_ERRORS = {
  MALFORMED_FRAME: 4000,
  MISSING_SERIAL: 4001,
  INVALID_HELLO: 4002,
  INVALID_MESSAGE: 4003,
  UNKNOWN_MESSAGE_TYPE: 4004,
  FRAME_TOO_LARGE: 4005,
  HANDSHAKE_REQUIRED: 4006,
  FEATURE_NOT_ALLOWED: 4007,
  UNKNOWN_COMMAND: 4008,
  TOO_MANY_ERRORS: 4009,
  TIMEOUT: 4010,
} as const;
export type OcpErrorName = keyof typeof OCP_ERRORS;

/** Builds an error envelope whose message starts with the code's name, e.g. `INVALID_HELLO: ...`. */
export function ocpError(name: OcpErrorName, detail?: string, fatal = false): ErrorEnvelope {
  return { code: OCP_ERRORS[name], message: detail ? `${name}: ${detail}`.slice(0, 1024) : name, fatal };
}
