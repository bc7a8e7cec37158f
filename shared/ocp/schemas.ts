/**
 * @module
 * zod schemas for the Open Communication Protocol: the base envelope, the handshake payloads,
 * warnings and compatibility levels, and the payloads of the accessory messages (events, commands,
 * requests, responses). Every message is parsed with these before anything acts on it.
 */
import { z } from "zod";
import { ErrorEnvelopeSchema } from "./errors.ts";

/** The protocol this implementation speaks (semantic major.minor). */
export const OCP_PROTOCOL_VERSION = "1.0";

export const OCP_MESSAGE_TYPES = [
  "HELLO",
  "HELLO_ACK",
  "EVENT",
  "CMD",
  "REQ",
  "RESP",
  "HEARTBEAT",
  "TELEMETRY",
  "OTA",
  "LOG",
] as const;
export const MessageTypeSchema = z.enum(OCP_MESSAGE_TYPES);
export type OcpMessageType = z.infer<typeof MessageTypeSchema>;

export const RoleSchema = z.enum(["controller", "accessory", "pc", "cloud"]);
export type OcpRole = z.infer<typeof RoleSchema>;

/** Serial numbers are short printable identifiers (`MXR-20250701-000123`). */
export const SerialSchema = z.string().min(1).max(64).regex(
  /^[A-Za-z0-9._:-]+$/,
  "serial has invalid characters",
);
export const ModelNumberSchema = z.string().min(1).max(64).regex(
  /^[A-Za-z0-9._:-]+$/,
  "model has invalid characters",
);
export const SemverSchema = z.string().max(64).regex(
  /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/,
  "expected semver x.y.z",
);
export const ProtocolVersionSchema = z.string().max(16).regex(/^\d+\.\d+$/, "expected major.minor");
export const FeatureFlagsSchema = z.array(z.string().min(1).max(64)).max(64);

export const EndpointSchema = z.object({ role: RoleSchema, serial: SerialSchema.optional() });
export type OcpEndpoint = z.infer<typeof EndpointSchema>;

export const EnvelopeSchema = z.object({
  id: z.uuidv4(),
  type: MessageTypeSchema,
  ts: z.iso.datetime({ offset: true }),
  from: EndpointSchema.optional(),
  to: EndpointSchema.optional(),
  payload: z.record(z.string(), z.unknown()).default({}),
});
export type OcpEnvelope = z.infer<typeof EnvelopeSchema>;

export const HelloPayloadSchema = z.object({
  serial_number: SerialSchema.optional(),
  model_number: ModelNumberSchema.optional(),
  firmware_version: SemverSchema,
  protocol_version: ProtocolVersionSchema,
  feature_flags: FeatureFlagsSchema.default([]),
});
export type HelloPayload = z.infer<typeof HelloPayloadSchema>;

export const WARNING_MESSAGES = {
  W001: "serial_missing",
  W002: "model_mismatch",
  W003: "protocol_version_mismatch",
  W004: "uncertified_certificate",
} as const;
export const WarningCodeSchema = z.enum(["W001", "W002", "W003", "W004"]);
export type WarningCode = z.infer<typeof WarningCodeSchema>;
export const WarningSchema = z.object({ code: WarningCodeSchema, message: z.string().max(256) });
export type OcpWarning = z.infer<typeof WarningSchema>;

export const CompatibilitySchema = z.enum(["FULL", "PARTIAL", "UNKNOWN"]);
export type Compatibility = z.infer<typeof CompatibilitySchema>;

export const HelloAckPayloadSchema = z.object({
  accepted: z.boolean(),
  compatibility: CompatibilitySchema,
  warnings: z.array(WarningSchema).max(16).default([]),
  server_time: z.iso.datetime({ offset: true }).optional(),
  /** Features the receiver will use on this link (after disabling what the policy refused). */
  enabled_features: FeatureFlagsSchema.optional(),
  error: ErrorEnvelopeSchema.optional(),
});
export type HelloAckPayload = z.infer<typeof HelloAckPayloadSchema>;

const ChannelSchema = z.number().int().min(0).max(255);
const ControlIdSchema = z.union([z.string().min(1).max(64), z.number().int().min(0).max(65535)]);

export const EventPayloadSchema = z.discriminatedUnion("event", [
  z.object({ event: z.literal("FADER_MOVE"), chan: ChannelSchema, pos: z.number().min(0).max(1) }),
  z.object({ event: z.literal("BUTTON"), id: ControlIdSchema, pressed: z.boolean() }),
  z.object({ event: z.literal("ENCODER"), id: ControlIdSchema, delta: z.number().finite() }),
  z.object({
    event: z.literal("JOG"),
    deck: z.number().int().min(0).max(15),
    delta: z.number().finite(),
    touch: z.boolean().optional(),
  }),
]);
export type EventPayload = z.infer<typeof EventPayloadSchema>;

export const CmdPayloadSchema = z.discriminatedUnion("cmd", [
  z.object({ cmd: z.literal("SET_FADER_POS"), chan: ChannelSchema, pos: z.number().min(0).max(1) }),
]);
export type CmdPayload = z.infer<typeof CmdPayloadSchema>;
/** Commands that move hardware: refused unless the link's compatibility allows them. */
export const CRITICAL_COMMAND_FEATURES: Record<CmdPayload["cmd"], string> = {
  SET_FADER_POS: "motorized_faders",
};

export const ReqPayloadSchema = z.object({ req: z.enum(["GET_FIRMWARE", "GET_STATE"]) });
export type ReqPayload = z.infer<typeof ReqPayloadSchema>;

/** Answers to CMD (ACK / NAK) and REQ (OK / ERROR), and stand-alone error envelopes (no `reply_to`). */
export const RespPayloadSchema = z.object({
  reply_to: z.uuidv4().optional(),
  status: z.enum(["ACK", "NAK", "OK", "ERROR"]),
  result: z.unknown().optional(),
  error: ErrorEnvelopeSchema.optional(),
});
export type RespPayload = z.infer<typeof RespPayloadSchema>;

export const HeartbeatPayloadSchema = z.object({ seq: z.number().int().min(0).optional() });

/** A parsed message: the envelope with its payload checked against the schema of its type. */
export type OcpMessage =
  | (OcpEnvelope & { type: "HELLO"; payload: HelloPayload })
  | (OcpEnvelope & { type: "HELLO_ACK"; payload: HelloAckPayload })
  | (OcpEnvelope & { type: "EVENT"; payload: EventPayload })
  | (OcpEnvelope & { type: "CMD"; payload: CmdPayload })
  | (OcpEnvelope & { type: "REQ"; payload: ReqPayload })
  | (OcpEnvelope & { type: "RESP"; payload: RespPayload })
  | (OcpEnvelope & { type: "HEARTBEAT" | "TELEMETRY" | "OTA" | "LOG"; payload: Record<string, unknown> });

export const PAYLOAD_SCHEMAS: Partial<Record<OcpMessageType, z.ZodType>> = {
  HELLO: HelloPayloadSchema,
  HELLO_ACK: HelloAckPayloadSchema,
  EVENT: EventPayloadSchema,
  CMD: CmdPayloadSchema,
  REQ: ReqPayloadSchema,
  RESP: RespPayloadSchema,
  HEARTBEAT: HeartbeatPayloadSchema,
};
