/**
 * @module
 * Messages between a controller and the portal's device API: the cloud HELLO (an OCP envelope whose
 * payload carries the device identity), the HELLO_ACK with the session and the device's state, the
 * link request after the device grant, key rotation, command confirmation and the JSON error
 * envelope. Both programs parse with these.
 */
import { z } from "zod";
import { EnvelopeSchema, HelloAckPayloadSchema, HelloPayloadSchema, SerialSchema } from "../ocp/schemas.ts";

/** Request bodies of the device API are small; anything larger is refused before parsing. */
export const MAX_DEVICE_BODY_BYTES = 16 * 1024;

export const DEVICE_SESSION_HEADER = "X-OCP-Session";
export const DEVICE_TOKEN_HEADER = "X-OCP-Token";
export const DEVICE_SERIAL_HEADER = "X-Device-Serial";

/** base64url of a raw 32-byte Ed25519 public key. */
export const PublicKeySchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "expected a base64url Ed25519 key");

export const CloudHelloSchema = EnvelopeSchema.extend({
  type: z.literal("HELLO"),
  from: z.object({ role: z.literal("controller"), serial: SerialSchema }),
  payload: HelloPayloadSchema,
});
export type CloudHello = z.infer<typeof CloudHelloSchema>;

export const DeviceCommandSchema = z.enum(["factory_reset"]);
export type DeviceCommandName = z.infer<typeof DeviceCommandSchema>;

export const CloudHelloAckPayloadSchema = HelloAckPayloadSchema.extend({
  server_time: z.iso.datetime({ offset: true }),
  session: z.object({
    id: z.string().min(1).max(64),
    token: z.string().min(1).max(128),
    expires_at: z.iso.datetime({ offset: true }),
  }),
  device: z.object({
    locked: z.boolean(),
    cloud_access: z.boolean(),
    /** A cloud command to carry out and confirm (OCP §9: remote factory reset). */
    command: DeviceCommandSchema.nullable(),
  }),
});
export type CloudHelloAckPayload = z.infer<typeof CloudHelloAckPayloadSchema>;

export const CloudHelloAckSchema = EnvelopeSchema.extend({
  type: z.literal("HELLO_ACK"),
  payload: CloudHelloAckPayloadSchema,
});
export type CloudHelloAck = z.infer<typeof CloudHelloAckSchema>;

export const LinkRequestSchema = z.object({
  serial_number: SerialSchema,
  model_number: z.string().min(1).max(64),
  firmware_version: z.string().min(1).max(64),
  public_key: PublicKeySchema,
  /** A device JWT signed by the key being linked: proof the device holds it. */
  proof: z.string().min(1).max(4096),
});
export type LinkRequest = z.infer<typeof LinkRequestSchema>;

export const LinkResponseSchema = z.object({
  linked: z.literal(true),
  serial_number: z.string(),
  registered_now: z.boolean(),
});

export const KeyRotationSchema = z.object({
  new_public_key: PublicKeySchema,
  /** A device JWT signed by the current key whose `new_public_key` claim names the new key. */
  proof: z.string().min(1).max(4096),
});

export const CommandConfirmationSchema = z.object({ command: DeviceCommandSchema });

export const DeviceStatusSchema = z.object({
  serial_number: z.string(),
  locked: z.boolean(),
  cloud_access: z.boolean(),
  command: DeviceCommandSchema.nullable(),
  server_time: z.iso.datetime({ offset: true }),
});
export type DeviceStatus = z.infer<typeof DeviceStatusSchema>;

export const DEVICE_ERROR_CODES = [
  "invalid_request",
  "invalid_serial",
  "invalid_token",
  "unauthorized",
  "already_registered",
  "not_eligible",
  "email_not_verified",
  "device_not_linked",
  "device_locked",
  "cloud_access_disabled",
  "replayed_token",
  "rate_limited",
  "too_large",
  "not_found",
] as const;
export const DeviceErrorSchema = z.object({
  error: z.enum(DEVICE_ERROR_CODES),
  message: z.string().max(512),
});
export type DeviceErrorCode = typeof DEVICE_ERROR_CODES[number];
export type DeviceError = z.infer<typeof DeviceErrorSchema>;
