/**
 * @module
 * The batch a controller POSTs to `/v1/telemetry` and the portal's acknowledgement. The batch id is
 * chosen by the controller and kept until acknowledged: retrying with the same id is safe, the
 * portal counts a batch once.
 */
import { z } from "zod";
import { SerialSchema } from "../ocp/schemas.ts";
import { TelemetryEventSchema } from "./events.ts";
import { MAX_EVENTS_PER_BATCH } from "./limits.ts";

/** The batch format version; a breaking change of any event schema increments it. */
export const TELEMETRY_SCHEMA_VERSION = 1;

export const TelemetryBatchSchema = z.strictObject({
  v: z.literal(TELEMETRY_SCHEMA_VERSION),
  batchId: z.uuid(),
  /** The sending controller; the portal refuses a batch naming any device but the signed-in one. */
  serial: SerialSchema,
  sentAt: z.iso.datetime({ offset: true }),
  events: z.array(TelemetryEventSchema).min(1).max(MAX_EVENTS_PER_BATCH),
});
export type TelemetryBatch = z.infer<typeof TelemetryBatchSchema>;

/** The portal stored the batch (now or on an earlier attempt); the outbox may delete it. */
export const TelemetryAckSchema = z.strictObject({
  ack: z.literal(true),
  batchId: z.uuid(),
  /** Events stored for this batch id (the count from the first attempt on a retry). */
  accepted: z.int().min(0),
  /** True when this batch id had been stored before: a retry, counted once. */
  duplicate: z.boolean(),
});
export type TelemetryAck = z.infer<typeof TelemetryAckSchema>;
