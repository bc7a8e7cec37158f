import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { type PortalServer, serveApp } from "../../server.ts";
import { statusChecks } from "../../db/schema/status_checks.ts";
import { MIN_RUN_GAP_MS, runStatusChecks, statusOverview } from "./service.ts";
import { statusEndpoints } from "./registry.ts";

async function listen(t: TestApp): Promise<PortalServer> {
  const listening = Promise.withResolvers<void>();
  const server = serveApp(t.app, { hostname: "127.0.0.1", port: 0, onListen: () => listening.resolve() });
  await listening.promise;
  return server;
}

interface StatusJson {
  status: string;
  endpoints: { id: string; state: string; http_status: number | null; requires_auth: boolean }[];
}

describe("OCP API Status against the running portal", () => {
  let t: TestApp;
  let portal: PortalServer;
  before(async () => {
    t = await createTestApp();
    portal = await listen(t);
    t.deps.config.publicUrl = `http://127.0.0.1:${portal.addr.port}`;
  });
  after(async () => {
    await portal.shutdown();
    await t.close();
  });

  it("lists every registered endpoint as checking before the first run", async () => {
    const response = await t.browser().get("/api/status");
    const body = await response.json() as StatusJson;
    assert.equal(body.status, "unknown");
    assert.deepEqual(body.endpoints.map((e) => e.id), statusEndpoints().map((e) => e.id));
    assert.ok(body.endpoints.some((e) => e.id === "oauth.token" && e.requires_auth));
  });

  it("checks every endpoint over HTTP and finds them all up (401 counts for 🔒 endpoints)", async () => {
    const results = await runStatusChecks(t.deps);
    assert.deepEqual(results.filter((r) => r.state !== "up"), []);
    assert.equal(results.find((r) => r.endpointId === "oauth.userinfo")?.httpStatus, 401);
    const body = await (await t.browser().get("/api/status")).json() as StatusJson;
    assert.equal(body.status, "up");
    const page = await (await t.browser().get("/ocp-status")).text();
    assert.match(page, /All systems operational/);
    assert.match(page, /hx-trigger="every 30s"/);
  });

  it("shows an endpoint down when the service it is reached at stops", async () => {
    const userinfoService = await listen(t);
    t.deps.config.statusTargets = { "oauth.userinfo": `http://127.0.0.1:${userinfoService.addr.port}` };
    t.clock.advance(MIN_RUN_GAP_MS + 1);
    assert.ok((await runStatusChecks(t.deps)).every((r) => r.state === "up"));
    await userinfoService.shutdown();
    t.clock.advance(MIN_RUN_GAP_MS + 1);
    const results = await runStatusChecks(t.deps);
    assert.deepEqual(results.filter((r) => r.state === "down").map((r) => r.endpointId), ["oauth.userinfo"]);
    const body = await (await t.browser().get("/api/status")).json() as StatusJson;
    assert.equal(body.status, "down");
    assert.equal(body.endpoints.find((e) => e.id === "oauth.userinfo")?.state, "down");
    t.deps.config.statusTargets = {};
  });

  it("runs on demand from a same-origin POST, and refuses a cross-site one", async () => {
    t.clock.advance(MIN_RUN_GAP_MS + 1);
    const before = (await t.deps.db.select().from(statusChecks)).length;
    const response = await t.browser().post("/ocp-status/check");
    assert.equal(response.status, 303);
    const afterRun = (await t.deps.db.select().from(statusChecks)).length;
    assert.equal(afterRun - before, statusEndpoints().length);
    const refused = await t.browser().post("/ocp-status/check", {}, { "sec-fetch-site": "cross-site" });
    assert.equal(refused.status, 403);
    assert.equal((await t.deps.db.select().from(statusChecks)).length, afterRun);
  });

  it("shares one run between triggers that come within the minimum gap", async () => {
    t.clock.advance(MIN_RUN_GAP_MS + 1);
    const before = (await t.deps.db.select().from(statusChecks)).length;
    await Promise.all([runStatusChecks(t.deps), runStatusChecks(t.deps)]);
    await runStatusChecks(t.deps);
    assert.equal((await t.deps.db.select().from(statusChecks)).length - before, statusEndpoints().length);
  });
});

describe("uptime bars from stored results", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("puts results into hourly and daily buckets and computes the uptime share", async () => {
    const now = new Date("2026-03-10T12:30:00Z");
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000);
    const row = (hoursAgo: number, state: "up" | "down") => ({
      endpointId: "oauth.token",
      checkedAt: at(hoursAgo),
      state,
      httpStatus: state === "up" ? 400 : null,
      responseMs: 3,
      detail: null,
    });
    await t.deps.db.insert(statusChecks).values([
      row(0, "up"),
      row(0.1, "down"),
      row(1, "up"),
      row(5 * 24, "down"),
      row(40 * 24, "down"),
    ]);
    const token = (await statusOverview(t.deps.db, now)).find((s) => s.endpoint.id === "oauth.token")!;
    assert.equal(token.last24h.length, 24);
    assert.equal(token.last24h[23].state, "degraded");
    assert.equal(token.last24h[23].uptime, 0.5);
    assert.equal(token.last24h[22].state, "up");
    assert.equal(token.last24h[0].state, "none");
    assert.equal(token.uptime24h, 2 / 3);
    assert.equal(token.last30d.length, 30);
    assert.equal(token.last30d[24].state, "down");
    assert.equal(token.uptime30d, 2 / 4, "the 40-day-old result is outside the window");
    assert.equal(token.latest?.state, "up");
  });
});
