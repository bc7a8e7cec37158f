/**
 * @module
 * `POST /v1/telemetry`: a linked controller's telemetry batch (OCP §8, §13). Device-authenticated
 * (the OCP session headers), plain or gzip JSON within the size limits, validated, dated within the
 * accepted window and naming the authenticated device; then handed to the sink, which stores it once
 * per batch id. The answer is the acknowledgement the controller's outbox waits for.
 */
import { Hono } from "hono";
import type { TelemetryAck } from "../../../shared/telemetry/mod.ts";
import type { AppDeps } from "../../context.ts";
import { type DeviceEnv, requireDevice } from "../device_api/mod.ts";
import { readTelemetryBatch } from "./batch_body.ts";
import { libsqlTelemetrySink } from "./libsql_sink.ts";
import type { TelemetrySink } from "./sink.ts";
import { telemetryError } from "./errors.ts";
import { eventOutsideWindow } from "./time_window.ts";
import { budgetRetryAfterSec, spendBatch, spendBytes } from "./device_budget.ts";
import "./status_endpoints.ts";
import "./user_data.ts";

/**
 * The ingest routes over the sink `sinkFor` gives (by default the portal's own database).
 *
 * @example
 * ```ts
 * app.route("/", telemetryRoutes());
 * ```
 */
export function telemetryRoutes(
  sinkFor: (deps: AppDeps) => TelemetrySink = (deps) => libsqlTelemetrySink(deps.db),
): Hono<DeviceEnv> {
  const routes = new Hono<DeviceEnv>();
  const sinks = new WeakMap<AppDeps, TelemetrySink>();
  routes.post("/v1/telemetry", requireDevice(), async (c) => {
    const { deps } = c.var;
    const device = c.var.device;
    const nowMs = deps.clock.now().getTime();
    const overBudget = () => {
      c.header("Retry-After", String(budgetRetryAfterSec(device.id, nowMs)));
      return telemetryError(
        c,
        429,
        "rate_limited",
        "This device sent too much telemetry this minute; retry later.",
      );
    };
    if (!spendBatch(device.id, nowMs)) return overBudget();
    const body = await readTelemetryBatch(c.req.raw);
    if (body.ok && !spendBytes(device.id, body.raw.bytes.byteLength, nowMs)) return overBudget();
    if (!body.ok) {
      return telemetryError(
        c,
        body.status,
        body.status === 413 ? "too_large" : "invalid_request",
        body.message,
      );
    }
    const { batch, raw } = body;
    if (batch.serial !== device.serial) {
      return telemetryError(
        c,
        403,
        "invalid_serial",
        "The batch names another device; send only your own telemetry.",
      );
    }
    const receivedAt = deps.clock.now();
    const outside = eventOutsideWindow(batch.events, receivedAt);
    if (outside) return telemetryError(c, 400, "invalid_request", outside);
    let sink = sinks.get(deps);
    if (!sink) sinks.set(deps, sink = sinkFor(deps));
    const result = await sink.ingest({ deviceId: device.id, userId: device.userId }, batch, raw, receivedAt);
    const ack: TelemetryAck = { ack: true, batchId: batch.batchId, ...result };
    c.header("Cache-Control", "no-store");
    return c.json(ack, 200);
  });
  return routes;
}
