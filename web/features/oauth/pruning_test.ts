/** Expired OAuth rows are pruned on a schedule. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { count } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { oauthCodes, oauthDeviceRequests, oauthTokens } from "../../db/schema/oauth.ts";
import {
  EXPIRED_ROW_RETENTION_MS,
  type PruneCounts,
  pruneExpiredOAuthRows,
  schedulePruning,
} from "./pruning.ts";
import { authorizationCode, exchangeCode, postForm, registeredApp, signedInUser } from "./testing/fixture.ts";

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

async function rowCounts() {
  const [[codes], [tokens], [devices]] = await Promise.all([
    t.deps.db.select({ n: count() }).from(oauthCodes),
    t.deps.db.select({ n: count() }).from(oauthTokens),
    t.deps.db.select({ n: count() }).from(oauthDeviceRequests),
  ]);
  return { codes: codes.n, tokens: tokens.n, deviceRequests: devices.n };
}

describe("pruning expired OAuth rows", () => {
  it("deletes codes, tokens and device requests a day past expiry and keeps live ones", async () => {
    const { user, browser } = await signedInUser(t);
    const client = await registeredApp(t, user);
    const device = await registeredApp(t, user, { clientType: "public" });
    await exchangeCode(t, client, await authorizationCode(browser, client.clientId));
    await postForm(t, "/api/oauth/device_authorization", { client_id: device.clientId });
    const before = await rowCounts();
    assert.deepEqual(before, { codes: 1, tokens: 2, deviceRequests: 1 });

    assert.deepEqual(await pruneExpiredOAuthRows(t.deps.db, t.clock.now()), {
      codes: 0,
      tokens: 0,
      deviceRequests: 0,
    });
    // The access token lives an hour, the code a minute, the device code ten minutes; the refresh
    // token thirty days.
    t.clock.advance(60 * 60 * 1000 + EXPIRED_ROW_RETENTION_MS + 1);
    assert.deepEqual(await pruneExpiredOAuthRows(t.deps.db, t.clock.now()), {
      codes: 1,
      tokens: 1,
      deviceRequests: 1,
    });
    assert.deepEqual(await rowCounts(), { codes: 0, tokens: 1, deviceRequests: 0 });
  });

  it("the schedule prunes at start and on every tick until stopped", async () => {
    const runs: PruneCounts[] = [];
    await new Promise<void>((resolve) => {
      const stop = schedulePruning(t.deps.db, t.deps.clock, {
        everyMs: 5,
        onPruned: (counts) => {
          runs.push(counts);
          if (runs.length === 2) {
            stop();
            resolve();
          }
        },
      });
    });
    assert.equal(runs.length, 2);
  });
});
