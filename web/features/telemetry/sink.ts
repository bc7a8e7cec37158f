/**
 * @module
 * The seam between the ingest endpoint and where telemetry goes. The endpoint authenticates, decodes
 * and validates; a sink stores. The portal's sink writes the raw batch and the derived tables in one
 * libSQL transaction (libsql_sink.ts); a high-volume deployment can put a sink here that appends the
 * raw batch to a stream instead (see the README's "Telemetry ingest" section).
 */
import type { TelemetryBatch } from "../../../shared/telemetry/mod.ts";

/** The authenticated sender: the device row's id and its owner when the batch arrived. */
export interface TelemetrySender {
  deviceId: string;
  userId: string;
}

/** The request body the batch was parsed from, for sinks that keep or forward it unchanged. */
export interface RawBatchBody {
  bytes: Uint8Array;
  encoding: "gzip" | "identity";
}

/** What a sink reports for a batch; `duplicate` when this batch id had been stored before. */
export interface IngestResult {
  accepted: number;
  duplicate: boolean;
}

export interface TelemetrySink {
  /**
   * Stores `batch` from `sender` durably before resolving, at most once per (device, batch id): a
   * second call with the same batch id changes nothing and resolves with `duplicate: true` and the
   * first call's count. `raw` is the body `batch` was validated from.
   */
  ingest(
    sender: TelemetrySender,
    batch: TelemetryBatch,
    raw: RawBatchBody,
    receivedAt: Date,
  ): Promise<IngestResult>;
}
