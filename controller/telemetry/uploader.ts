/**
 * @module
 * Sends sealed batches oldest first until the outbox is empty or the portal cannot be reached. A batch
 * leaves the outbox only when the portal acknowledges its id. Unreachable (network error, 5xx, 429,
 * a refused session or a locked device): the round stops and the next one waits with exponential
 * backoff and jitter. A batch the portal refuses as such (another 4xx) is retried on its own slower
 * backoff while the others go ahead, so it cannot hold up the queue; the age bound retires it.
 */
import { TelemetryAckSchema } from "../../shared/telemetry/mod.ts";
import type { CloudLink } from "../cloud/cloud_link.ts";
import { backoffDelay } from "../ocp/backoff.ts";
import type { SealedBatch, TelemetryOutbox } from "./outbox.ts";

export const TELEMETRY_PATH = "/v1/telemetry";

/** `acknowledged`: stored; `refused`: this batch was refused; `unreachable`: try again later. */
export type SendResult = "acknowledged" | "refused" | "unreachable";
export type SendBatch = (batch: SealedBatch) => Promise<SendResult>;

export interface UploaderOptions {
  /** First wait after the portal could not be reached; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** First wait before resending a refused batch. */
  refusedDelayMs?: number;
  now?: () => number;
  random?: () => number;
}

export class TelemetryUploader {
  readonly #outbox: TelemetryOutbox;
  readonly #send: SendBatch;
  readonly #options: Required<UploaderOptions>;
  #failures = 0;
  #retryAtMs = 0;
  #running: Promise<number> | null = null;

  constructor(outbox: TelemetryOutbox, send: SendBatch, options: UploaderOptions = {}) {
    this.#outbox = outbox;
    this.#send = send;
    this.#options = {
      initialDelayMs: options.initialDelayMs ?? 2_000,
      maxDelayMs: options.maxDelayMs ?? 10 * 60_000,
      refusedDelayMs: options.refusedDelayMs ?? 60_000,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
    };
  }

  /** When the next round may run after the portal was unreachable (0 when it was not). */
  get retryAtMs(): number {
    return this.#retryAtMs;
  }

  /** One round; resolves with the batches acknowledged. Rounds never overlap. */
  flush(): Promise<number> {
    return this.#running ??= this.#round().finally(() => {
      this.#running = null;
    });
  }

  async #round(): Promise<number> {
    const { now } = this.#options;
    if (now() < this.#retryAtMs) return 0;
    let acknowledged = 0;
    for (let batches = this.#outbox.due(now()); batches.length > 0; batches = this.#outbox.due(now())) {
      for (const batch of batches) {
        const result = await this.#send(batch).catch((): SendResult => "unreachable");
        if (result === "acknowledged") {
          this.#outbox.acknowledge(batch.batchId);
          this.#failures = 0;
          this.#retryAtMs = 0;
          acknowledged++;
        } else if (result === "refused") {
          this.#outbox.retryLater(
            batch.batchId,
            now() + this.#delay(batch.attempts, this.#options.refusedDelayMs),
          );
        } else {
          this.#retryAtMs = now() + this.#delay(this.#failures++, this.#options.initialDelayMs);
          this.#outbox.retryLater(batch.batchId, this.#retryAtMs);
          return acknowledged;
        }
      }
    }
    return acknowledged;
  }

  #delay(attempt: number, initialMs: number): number {
    return backoffDelay(attempt, {
      initialMs,
      maxMs: this.#options.maxDelayMs,
      random: this.#options.random,
    });
  }
}

/** Sends a batch to the portal over the device session, as gzip, and reads the acknowledgement. */
export function sendThroughCloud(link: Pick<CloudLink, "call">): SendBatch {
  return async (batch) => {
    const response = await link.call("POST", TELEMETRY_PATH, undefined, {
      bytes: batch.body,
      contentType: "application/json",
      contentEncoding: "gzip",
    });
    const { status } = response;
    if (status >= 200 && status < 300) {
      const ack = TelemetryAckSchema.safeParse(response.body);
      return ack.success && ack.data.batchId === batch.batchId ? "acknowledged" : "refused";
    }
    if (
      status === 401 || status === 403 || status === 404 || status === 408 || status === 429 || status >= 500
    ) {
      return "unreachable";
    }
    return "refused";
  };
}
