import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
// Every feature's routes, so that every guarded area is declared.
import "../app.ts";
import { GUARDED_AREAS, guardedRoutes, isInArea } from "./guarded_routes.ts";
import { requireUser } from "./middleware.ts";

describe("guarded areas", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    const area = guardedRoutes("/guarded-area", requireUser());
    area.get("/guarded-area", (c) => c.text(`home of ${c.var.user.email}`));
    area.get("/guarded-area/page", (c) => c.text(`page of ${c.var.user.email}`));
    t.app.route("/", area);
    t.app.get("/guarded-area-next-door", (c) => c.text("public"));
  });
  after(() => t.close());

  it("guard the area's own path and every path below it, whether a route exists there or not", async () => {
    for (const path of ["/guarded-area", "/guarded-area/page", "/guarded-area/nothing-here"]) {
      const response = await t.browser().get(path);
      assert.equal(response.status, 303, path);
      assert.equal(response.headers.get("location"), `/signin?next=${encodeURIComponent(path)}`);
    }
    const browser = t.browser();
    await browser.signUp(t, { email: "area@example.com" });
    assert.equal(await (await browser.get("/guarded-area/page")).text(), "page of area@example.com");
  });

  it("leave paths that only begin like the area alone", async () => {
    assert.equal(await (await t.browser().get("/guarded-area-next-door")).text(), "public");
  });

  it("keep every route of the portal's guarded routers inside their area", () => {
    const outside = GUARDED_AREAS.flatMap(({ area, routes }) =>
      routes.routes.filter((route) => !isInArea(route.path, area)).map((route) => `${area}: ${route.path}`)
    );
    assert.ok(GUARDED_AREAS.length >= 7, `found ${GUARDED_AREAS.length} guarded areas`);
    assert.deepEqual(outside, []);
  });
});
