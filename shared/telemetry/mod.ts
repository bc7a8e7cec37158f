/**
 * @module
 * Telemetry shared by the controller (which records and sends it) and the portal (which ingests it):
 * the batch, every event kind, the acknowledgement and the size limits.
 *
 * @example
 * ```ts
 * const result = TelemetryBatchSchema.safeParse(JSON.parse(body));
 * if (!result.success) console.error(result.error.issues[0].message);
 * ```
 */
export * from "./batch.ts";
export * from "./events.ts";
export * from "./limits.ts";
