/**
 * @module
 * Test support for telemetry: a Preview member with a controller linked through the real device grant
 * and signed in with a HELLO, which posts batches to `/v1/telemetry` as plain or gzip JSON.
 */
import { gzipSync } from "node:zlib";
import type { TestApp } from "../../../testing/test_app.ts";
import { freshSerial, previewMember } from "../../devices/testing/support.ts";
import { ensureControllerApp } from "../../device_api/mod.ts";
import { SimulatedController } from "../../device_api/testing/support.ts";

type Owner = Awaited<ReturnType<typeof previewMember>>;

export interface TelemetryDevice {
  owner: Owner;
  controller: SimulatedController;
  /** POSTs `body` (JSON-encoded unless bytes) to /v1/telemetry, gzipped when asked. */
  post(body: unknown, options?: { gzip?: boolean; headers?: Record<string, string> }): Promise<Response>;
}

/** A linked controller with a live OCP session, of `owner` (a Preview member) or of a new member. */
export async function telemetryDevice(t: TestApp, owner?: Owner): Promise<TelemetryDevice> {
  await ensureControllerApp(t.deps.db, t.clock.now());
  owner ??= await previewMember(t);
  const controller = await SimulatedController.create(t, freshSerial());
  const linked = await controller.link(await controller.authorize(owner.browser));
  if (linked.status !== 200) throw new Error(`link answered ${linked.status}: ${await linked.text()}`);
  const hello = await controller.hello();
  if (hello.status !== 200) throw new Error(`hello answered ${hello.status}: ${await hello.text()}`);
  return {
    owner,
    controller,
    post: (body, options = {}) => {
      const json: Uint8Array<ArrayBuffer> = body instanceof Uint8Array
        ? new Uint8Array(body)
        : new TextEncoder().encode(JSON.stringify(body));
      const bytes = options.gzip ? new Uint8Array(gzipSync(json)) : json;
      return controller.call("/v1/telemetry", { method: "POST", body: bytes }, {
        ...(options.gzip ? { "content-encoding": "gzip" } : {}),
        ...options.headers,
      });
    },
  };
}
