/**
 * @module
 * Controller telemetry: what the DJ's sets and the device did, recorded from the engine and mixer,
 * kept in the store's outbox and sent to the portal's `/v1/telemetry` (see README.md).
 *
 * @example
 * ```ts
 * const telemetry = startTelemetry({ settings: config.telemetry, db: store.db, tree, engine, logger, serial });
 * telemetry.connect(sendThroughCloud(cloudLink));
 * ```
 */
export { startTelemetry, type TelemetryOptions, type TelemetryService } from "./telemetry_service.ts";
export { sendThroughCloud, TELEMETRY_PATH } from "./uploader.ts";
