import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { type TelemetryDevice, telemetryDevice } from "../telemetry/testing/telemetry_device.ts";
import { sendSet } from "./testing/played_set.ts";

describe("DJ Stats", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const minutesAgo = (minutes: number) => new Date(t.clock.now().getTime() - minutes * 60_000);

  /** A DJ who played two tracks with one blend: 3.2 % tempo change into the neighbouring key. */
  async function djWithOneSet(title: string): Promise<{ device: TelemetryDevice; sessionId: string }> {
    const device = await telemetryDevice(t);
    const { sessionId } = await sendSet(device, {
      start: minutesAgo(30),
      tracks: [
        { title, artist: "Artist A", seconds: 300, bpm: 125, key: "8A", genre: "House", durationSec: 412 },
        {
          title: `${title} (Reprise)`,
          artist: "=Artist B",
          seconds: 240,
          bpm: 129,
          key: "9A",
          genre: "Techno",
        },
      ],
      mixes: [{ tempoDeltaPct: 3.2, camelotRelation: "adjacent", overlapBeats: 48 }],
      energyWh: 1500,
    });
    return { device, sessionId };
  }

  it("shows the labelled demo dataset while the DJ's controllers have sent nothing", async () => {
    const device = await telemetryDevice(t);
    const page = await (await device.owner.browser.get("/dj-stats")).text();
    assert.match(page, /Preview Mode - Demo Data/);
    assert.match(page, /The statistics shown are simulated demo data\./);
    assert.match(page, /Last updated: Today/);
    for (
      const panel of [
        "Transition Analysis",
        "Top Genres",
        "Activity",
        "Achievements Unlocked",
        "Power &amp; Climate",
        "BPM Range",
        "When You DJ",
        "Fun Facts",
        "Session Heatmap (Last 12 Weeks)",
        "Personal Records",
      ]
    ) {
      assert.ok(page.includes(`>${panel}</h2>`), panel);
    }
    assert.match(page, /<svg[^>]*role="img"/);
  });

  it("shows the real session, both plays and the blend once telemetry arrived, without the banner", async () => {
    const { device } = await djWithOneSet("Night Drive");
    const response = await device.owner.browser.get("/dj-stats");
    assert.equal(response.status, 200);
    const page = await response.text();
    assert.doesNotMatch(page, /Preview Mode - Demo Data/);
    assert.match(page, /data-testid="total-sessions">1</);
    assert.match(page, /data-testid="total-tracks">2</);
    assert.match(page, /data-testid="transition-count">1</);
    assert.match(page, /data-testid="harmonic-pct">100 %</);
    assert.match(page, /data-testid="average-overlap">48 beats</);
    assert.match(page, /Artist A – Night Drive \(8A\)/);
    assert.match(page, /<td>3\.2 %<\/td><td>Adjacent key<\/td>/);
    assert.match(page, /data-testid="bpm-range"><strong>125–129 BPM/);
    assert.match(page, /data-testid="energy-kwh">1\.5 kWh/);
    assert.match(page, /Last updated: Today, \d\d:\d\d UTC/);
  });

  it("never shows one DJ's numbers or setlists to another", async () => {
    const a = await djWithOneSet("Only For A");
    const b = await djWithOneSet("Only For B");
    const pageOfA = await (await a.device.owner.browser.get("/dj-stats")).text();
    assert.match(pageOfA, /Only For A/);
    assert.doesNotMatch(pageOfA, /Only For B/);
    assert.match(pageOfA, /data-testid="total-sessions">1</);
    const [deviceOfB] = (await (await b.device.owner.browser.get("/dj-stats")).text()).match(
      /\/dj-stats\/sessions\/[^"]+/,
    )!;
    assert.equal((await b.device.owner.browser.get(deviceOfB)).status, 200);
    for (const path of [deviceOfB, `${deviceOfB}/setlist.csv`, `${deviceOfB}/gema.csv`]) {
      const response = await a.device.owner.browser.get(path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(await response.text(), /Only For B/);
    }
  });

  it("lists the setlist with start times and exports it as CSV and as a GEMA playlist", async () => {
    const { device } = await djWithOneSet("Export Me");
    const browser = device.owner.browser;
    const [setlistPath] = (await (await browser.get("/dj-stats")).text()).match(
      /\/dj-stats\/sessions\/[^"]+/,
    )!;
    const page = await (await browser.get(setlistPath)).text();
    assert.equal(page.match(/data-testid="setlist-row"/g)?.length, 2);
    assert.match(page, /Export Me \(Reprise\)/);

    const csv = await browser.get(`${setlistPath}/setlist.csv`);
    assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.match(
      csv.headers.get("content-disposition")!,
      /^attachment; filename="setlist-\d{8}-\d{4}\.csv"$/,
    );
    const lines = (await csv.text()).trim().split("\r\n");
    assert.equal(lines[0], "Position,Started (UTC),Artist,Title,Deck,BPM,Key,Played");
    assert.match(lines[1], /^1,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,Artist A,Export Me,1,125,8A,5:00$/);
    assert.match(lines[2], /^2,.*,'=Artist B,Export Me \(Reprise\),2,129,9A,4:00$/);

    const gema = await (await browser.get(`${setlistPath}/gema.csv`)).text();
    const rows = gema.trim().split("\r\n");
    assert.equal(rows[0], "Artist,Title,Duration,Time played (UTC)");
    assert.match(rows[1], /^Artist A,Export Me,6:52,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.match(rows[2], /^'=Artist B,Export Me \(Reprise\),4:20,/);
  });

  it("answers a malformed or unknown session id with 404", async () => {
    const { device } = await djWithOneSet("Whatever");
    for (
      const path of [
        "/dj-stats/sessions/x/y",
        "/dj-stats/sessions/a%20b/c",
        `/dj-stats/sessions/${"d".repeat(65)}/e`,
      ]
    ) {
      assert.equal((await device.owner.browser.get(path)).status, 404, path);
    }
  });

  it("writes MIXEY's weekly summary from the week's numbers, as a fragment and without JavaScript", async () => {
    const { device } = await djWithOneSet("Summary Track");
    const fragment = await (await device.owner.browser.get("/dj-stats/weekly-summary")).text();
    assert.match(fragment, /This week you played 1 session, 0\.2 hours and 2 tracks, mostly/);
    assert.match(fragment, /You mixed 1 transition\. 100% of your transitions were harmonic/);
    const page = await (await device.owner.browser.get("/dj-stats?summary=week")).text();
    assert.match(page, /data-testid="weekly-summary">This week you played 1 session/);
  });

  it("keeps DJ Stats behind the Preview Program", async () => {
    const outsider = await signedInUser(t, { ip: "10.99.0.1" });
    const response = await outsider.browser.get("/dj-stats");
    assert.equal(response.status, 403);
    assert.doesNotMatch(await response.text(), /Transition Analysis/);
    assert.equal((await outsider.browser.get("/dj-stats/weekly-summary")).status, 403);
  });
});
