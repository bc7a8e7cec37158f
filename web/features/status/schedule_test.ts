import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { type PortalServer, serveApp } from "../../server.ts";
import { statusChecks } from "../../db/schema/status_checks.ts";
import { statusEndpoints } from "./registry.ts";
import { startStatusSchedule } from "./schedule.ts";

describe("the status check schedule", () => {
  let t: TestApp;
  let server: PortalServer;
  before(async () => {
    t = await createTestApp();
    const listening = Promise.withResolvers<void>();
    server = serveApp(t.app, { hostname: "127.0.0.1", port: 0, onListen: () => listening.resolve() });
    await listening.promise;
    t.deps.config.publicUrl = `http://127.0.0.1:${server.addr.port}`;
  });
  after(async () => {
    await server.shutdown();
    await t.close();
  });

  const stored = async () => (await t.deps.db.select({ n: count() }).from(statusChecks))[0].n;

  it("runs the checks at start and then every interval, until stopped", async () => {
    const perRun = statusEndpoints().length;
    const stop = startStatusSchedule(t.deps, 1, { firstRunDelayMs: 0 });
    const deadline = Date.now() + 10_000;
    while ((await stored()) < 2 * perRun && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      t.clock.advance(1000);
    }
    stop();
    assert.ok((await stored()) >= 2 * perRun, "two scheduled runs stored their results");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const afterStop = await stored();
    await new Promise((resolve) => setTimeout(resolve, 1300));
    assert.equal(await stored(), afterStop, "no run after stop");
  });

  it("does nothing with an interval of 0", async () => {
    const before = await stored();
    const stop = startStatusSchedule(t.deps, 0, { firstRunDelayMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop();
    assert.equal(await stored(), before);
  });
});
