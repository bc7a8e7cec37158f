import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { type TelemetryDevice, telemetryDevice } from "../telemetry/testing/telemetry_device.ts";
import { sendSet } from "../dj_stats/testing/played_set.ts";
import { badgeStanding } from "./mod.ts";

describe("Leaderboard", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const minutesAgo = (minutes: number) => new Date(t.clock.now().getTime() - minutes * 60_000);

  /** A DJ named `name` who played `tracks` tracks of 3 minutes (so `tracks − 1` transitions). */
  async function dj(
    name: string,
    tracks: number,
    options: { optIn?: boolean } = {},
  ): Promise<TelemetryDevice> {
    const device = await telemetryDevice(t);
    await t.deps.db.update(users).set({ displayName: name }).where(eq(users.id, device.owner.user.id));
    await sendSet(device, {
      start: minutesAgo(20 + tracks * 3),
      tracks: Array.from({ length: tracks }, (_, i) => ({ title: `Track ${i}`, artist: name, seconds: 180 })),
    });
    if (options.optIn ?? true) {
      const response = await device.owner.browser.post("/leaderboard/settings", { show: "on" });
      assert.equal(response.status, 303);
    }
    return device;
  }

  const rows = (page: string) =>
    [...page.matchAll(/data-rank="(\d+)".*?data-testid="board-name">([^<]+)/gs)].map((
      m,
    ) => [Number(m[1]), m[2]]);

  it("shows the demo board with its banner while no opted-in DJ has data", async () => {
    const viewer = await telemetryDevice(t);
    const page = await (await viewer.owner.browser.get("/leaderboard")).text();
    assert.match(page, /Preview Mode - Demo Data/);
    assert.match(page, /This leaderboard uses demo data\. Real rankings will be available when you connect/);
    assert.match(page, /DJ Nova \(demo\)/);
    assert.match(page, /Badge Legend/);
    assert.match(
      page,
      /clock for playtime, arrows for transitions, star for sessions, music note for tracks, fire for streaks/,
    );
  });

  it("ranks only opted-in DJs, ties share a rank, and the banner is gone", async () => {
    const viewer = await dj("Zed Tie", 4);
    await dj("Amy Tie", 4);
    await dj("Top Tracks", 6);
    await dj("Last One", 2);
    await dj("Hidden Hank", 9, { optIn: false });
    const page = await (await viewer.owner.browser.get("/leaderboard?category=tracks&period=week")).text();
    assert.doesNotMatch(page, /Preview Mode - Demo Data/);
    assert.doesNotMatch(page, /Hidden Hank/);
    assert.deepEqual(rows(page), [[1, "Top Tracks"], [2, "Amy Tie"], [2, "Zed Tie"], [4, "Last One"]]);
    assert.match(page, /Zed Tie<span class="muted"> \(you\)/);

    const transitions = await (await viewer.owner.browser.get("/leaderboard?category=transitions&period=all"))
      .text();
    assert.match(transitions, /data-rank="1".*?Top Tracks.*?5 transitions/s);
  });

  it("removes a DJ who opts out again", async () => {
    const leaver = await dj("Leaving Lou", 3);
    const names = async () =>
      rows(await (await leaver.owner.browser.get("/leaderboard?category=tracks")).text()).map(([, name]) =>
        name
      );
    assert.ok((await names()).includes("Leaving Lou"));
    await leaver.owner.browser.post("/leaderboard/settings", { show: "off" });
    assert.ok(!(await names()).includes("Leaving Lou"));
  });

  it("shows earned badges unless the DJ hid them, on the board and in the Profile switches", async () => {
    const device = await dj("Badge Bea", 3);
    const browser = device.owner.browser;
    const board = () => browser.get("/leaderboard?category=sessions&period=all").then((r) => r.text());
    assert.match(await board(), /Badge Bea.*?Debut/s);

    const profile = await (await browser.get("/profile")).text();
    assert.match(profile, /Badges &amp; Leaderboard/);
    assert.match(profile, /data-testid="leaderboard-state">On</);
    assert.match(profile, /data-badge="sessions-1"/);

    assert.equal(
      (await browser.post("/leaderboard/badges", { badge: "sessions-1", visible: "off" })).status,
      303,
    );
    const hidden = await board();
    assert.doesNotMatch(
      hidden.slice(hidden.indexOf("Badge Bea"), hidden.indexOf("</tr>", hidden.indexOf("Badge Bea"))),
      /Debut/,
    );
    const standing = await badgeStanding(t.deps.db, device.owner.user.id);
    assert.deepEqual(standing.earned.map((b) => b.id), ["transitions-1", "sessions-1"]);
    assert.deepEqual(standing.visible.map((b) => b.id), ["transitions-1"]);
    assert.match(standing.progress[2].advice, /^Play 9 more sessions to earn Regular/);

    await browser.post("/leaderboard/badges", { badge: "sessions-1", visible: "on" });
    assert.match(await board(), /Badge Bea.*?Debut/s);
  });

  it("refuses unknown categories, periods and badges with 400 and changes nothing", async () => {
    const device = await dj("Strict Stan", 2, { optIn: false });
    const browser = device.owner.browser;
    assert.equal((await browser.get("/leaderboard?category=money")).status, 400);
    assert.equal((await browser.get("/leaderboard?period=forever")).status, 400);
    assert.equal(
      (await browser.post("/leaderboard/badges", { badge: "sessions-999", visible: "off" })).status,
      400,
    );
    assert.equal((await browser.post("/leaderboard/settings", { show: "maybe" })).status, 400);
    assert.match(await (await browser.get("/profile")).text(), /data-testid="leaderboard-state">Off</);
  });
});
