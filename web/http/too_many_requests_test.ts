import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { HTTPException } from "hono/http-exception";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
import { enforceRateLimits } from "./too_many_requests.ts";

const TWICE_A_MINUTE = { limit: 2, windowMs: 60_000 };

describe("enforceRateLimits", () => {
  let t: TestApp;
  let handled = 0;
  before(async () => {
    t = await createTestApp();
    t.app.get("/limited", async (c) => {
      await enforceRateLimits(c, [["test:limited", TWICE_A_MINUTE]]);
      handled++;
      return c.text("done");
    });
    t.app.get("/limited-json", async (c) => {
      await enforceRateLimits(
        c,
        [["test:first", { limit: 100, windowMs: 60_000 }], ["test:second", { limit: 0, windowMs: 60_000 }]],
        (retryAfterSec) => new HTTPException(429, { res: Response.json({ retryAfterSec }, { status: 429 }) }),
      );
      return c.text("never");
    });
  });
  after(() => t.close());

  it("lets attempts within the limit through and answers the next with the 429 page", async () => {
    const browser = t.browser();
    assert.equal(await (await browser.get("/limited")).text(), "done");
    assert.equal(await (await browser.get("/limited")).text(), "done");
    const refused = await browser.get("/limited");
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get("retry-after"), "60");
    assert.match(await refused.text(), /Too many attempts/);
    assert.equal(handled, 2, "the handler did not run for the refused attempt");
  });

  it("answers in the endpoint's own format when given a refusal", async () => {
    const refused = await t.browser().get("/limited-json");
    assert.equal(refused.status, 429);
    assert.deepEqual(await refused.json(), { retryAfterSec: 60 });
  });
});
