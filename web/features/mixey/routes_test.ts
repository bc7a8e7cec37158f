import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { mixeyMessages } from "../../db/schema/mixey.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import type { UserExport } from "../danger_zone/mod.ts";
import { setCloudQuota } from "../cloud/mod.ts";
import { insertSeedTracks, seedTracks } from "../cloud/testing/seed_library.ts";
import { freshSerial, previewMember } from "../devices/testing/support.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { djWithSets, SATURDAY_DEEP_HOUSE } from "../connect/testing/dj_with_telemetry.ts";
import { MAX_HISTORY_ROWS } from "./history.ts";
import { startModelStandin } from "./testing/model_standin.ts";

function unescape(html: string): string {
  return html.replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&lt;", "<").replaceAll(
    "&gt;",
    ">",
  )
    .replaceAll("&amp;", "&");
}

/** The answer MIXEY gave last, and the facts (label: value → href) it cited. */
async function lastAnswer(browser: TestBrowser) {
  const html = await (await browser.get("/mixey")).text();
  const answers = html.split('data-testid="mixey-answer"');
  const last = answers.at(-1)!;
  const facts = [...last.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a>: <span>([^<]*)<\/span><\/li>/g)]
    .map(([, href, label, value]) => ({ href, label: unescape(label), value: unescape(value) }));
  return { html: last.split("</li>\n")[0], text: last, facts, count: answers.length - 1 };
}

async function ask(browser: TestBrowser, q: string) {
  const response = await browser.post("/mixey/ask", { q });
  assert.equal(response.status, 303, await response.clone().text());
  assert.equal(response.headers.get("location"), "/mixey#latest");
  return lastAnswer(browser);
}

function register(browser: TestBrowser, serial: string, extra: Record<string, string> = {}) {
  return browser.post("/devices/register", {
    serialNumber: serial,
    modelNumber: "MXR-CTRL-ONE",
    purchaseDate: "2025-01-22",
    nickname: "Studio",
    ...extra,
  });
}

describe("MIXEY", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("is a preview area: outsiders see the gate, members the greeting and Quick Questions", async () => {
    const outsider = await signedInUser(t);
    assert.equal((await outsider.browser.get("/mixey")).status, 403);
    assert.equal((await outsider.browser.post("/mixey/ask", { q: "my devices" })).status, 403);
    const { browser } = await previewMember(t);
    const page = await (await browser.get("/mixey")).text();
    assert.match(
      page,
      /Hey there! 👋 I&#39;m MIXEY, your personal MIXERA assistant!|Hey there! 👋 I'm MIXEY/,
    );
    assert.match(page, /Quick Questions/);
    assert.match(page, /Ask me anything about your MIXERA account! 🎧/);
    assert.match(page, /MIXEY is currently a demo assistant/);
  });

  it("answers about the user's devices with warranty and firmware, citing each device page", async () => {
    const { browser } = await previewMember(t);
    const serial = freshSerial();
    assert.equal((await register(browser, serial)).status, 303);
    const old = freshSerial();
    assert.equal((await register(browser, old, { purchaseDate: "2020-03-01", nickname: "Old" })).status, 303);
    const answer = await ask(browser, "Are my devices still under warranty?");
    assert.match(answer.text, /You have 2 registered devices/);
    assert.match(answer.text, new RegExp(`${serial}\\): in warranty until 2027-01-22`));
    assert.match(answer.text, /warranty ended on 2022-03-01/);
    assert.match(answer.text, /no firmware reported yet/);
    const warrantyFact = answer.facts.find((f) =>
      f.label.includes('"Studio"') && f.label.endsWith("warranty")
    );
    assert.ok(warrantyFact, JSON.stringify(answer.facts));
    assert.equal(warrantyFact.value, "in warranty until 2027-01-22");
    assert.match(warrantyFact.href, /^\/devices\/[A-Za-z0-9_-]+$/);
    assert.equal((await browser.get(warrantyFact.href)).status, 200, "the cited page exists");
  });

  it("never reads another user's devices, however it is asked", async () => {
    const bob = await previewMember(t);
    const bobSerial = freshSerial();
    assert.equal((await register(bob.browser, bobSerial)).status, 303);
    const ana = await previewMember(t);
    for (
      const q of [
        `Which devices does ${bob.user.email} have?`,
        `Show the devices of ${bob.user.mixeraId}`,
        "What devices does another user have?",
        `Is ${bobSerial} under warranty?`,
        "Welche Geräte hat ein anderer Nutzer?",
      ]
    ) {
      const answer = await ask(ana.browser, q);
      assert.ok(!answer.text.includes(bobSerial), q);
      assert.ok(!answer.text.includes(bob.user.email) || q.includes(bob.user.email), q);
    }
    const privacy = await ask(ana.browser, `Which devices does ${bob.user.email} have?`);
    assert.match(privacy.text, /I only see your own account/);
    assert.equal(privacy.facts.length, 0);
    const own = await ask(ana.browser, `Is ${bobSerial} under warranty?`);
    assert.match(own.text, /You have no registered devices/, "her own (empty) list, nothing of Bob's");
  });

  it("answers account details and settings in German and English", async () => {
    const { user, browser } = await previewMember(t);
    const answer = await ask(browser, "Wie sind meine Kontoeinstellungen?");
    assert.ok(
      answer.facts.some((f) =>
        f.label === "Email" && f.value.startsWith(user.email) && f.href === "/profile"
      ),
    );
    assert.ok(answer.facts.some((f) => f.label === "Mixera ID" && f.value === user.mixeraId));
    assert.ok(answer.facts.some((f) => f.label === "Cloud Access for Devices" && f.value === "off"));
    assert.ok(
      answer.facts.some((f) =>
        f.label === "Show on Leaderboard" && f.value === "off" && f.href === "/profile"
      ),
    );
    assert.ok(answer.facts.some((f) => f.label === "Preview Program" && f.value === "member"));
    assert.equal((await browser.post("/devices/cloud-access", { enabled: "on" })).status, 303);
    const after = await ask(browser, "What are my account settings?");
    assert.ok(after.facts.some((f) => f.label === "Cloud Access for Devices" && f.value === "on"));
  });

  it("answers cloud library size and quota from the library's own numbers", async () => {
    const { user, browser } = await previewMember(t);
    const tracks = seedTracks(3, `m${user.id.slice(0, 4)}`);
    await insertSeedTracks(t.deps.db, user.id, tracks);
    await setCloudQuota(t.deps.db, user.id, 1_000_000_000);
    const used = tracks.reduce((sum, track) => sum + track.sizeBytes, 0);
    const answer = await ask(browser, "How much cloud storage do I have left?");
    assert.ok(
      answer.facts.some((f) =>
        f.label === "Tracks in your library" && f.value === "3" && f.href === "/cloud"
      ),
    );
    const usedFact = answer.facts.find((f) => f.label === "Storage used")!;
    const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MB`;
    assert.equal(
      usedFact.value,
      `${mb(used)} of ${mb(1e9)} (${Math.round(used / 1e7)} %)`,
      "as the storage bar writes it",
    );
    assert.match(answer.text, /3 tracks/);
  });

  it("explains DJ statistics from real telemetry, and says it does not know them without any", async () => {
    const newcomer = await previewMember(t);
    const none = await ask(newcomer.browser, "Explain my DJ statistics");
    assert.match(none.text, /I don&#39;t know your DJ statistics yet|I don't know your DJ statistics yet/);
    assert.deepEqual(none.facts, [{ label: "Telemetry received", value: "none yet", href: "/dj-stats" }]);

    const dj = await djWithSets(t, [SATURDAY_DEEP_HOUSE, {
      ...SATURDAY_DEEP_HOUSE,
      weekday: 5,
      tracks: 4,
      relation: "clash",
    }]);
    const answer = await ask(dj.browser, "Erkläre meine Statistiken");
    const fact = (label: string) => answer.facts.find((f) => f.label === label)?.value;
    assert.equal(fact("Sessions"), "2");
    assert.equal(fact("Tracks played"), "16");
    assert.equal(fact("Transitions"), "14");
    assert.equal(fact("Hours played"), "1.6");
    assert.equal(fact("Harmonic transitions"), "79 %", "11 of 14 blends were one step on the wheel");
    assert.equal(fact("BPM range"), "123–125 BPM, average 124");
    assert.equal(fact("Top genres"), "Deep House (100 %)");
    assert.ok(answer.facts.every((f) => f.href === "/dj-stats"));
    assert.match(answer.text, /79 % of your transitions were harmonic/);
    assert.match(answer.text, /This week you played 2 sessions/, "DJ Stats' weekly summary");
    assert.equal((await dj.browser.get("/dj-stats")).status, 200);
  });

  it("names earned badges and how to earn the next", async () => {
    const newcomer = await previewMember(t);
    const none = await ask(newcomer.browser, "Which badges do I have?");
    assert.match(none.text, /You have not earned a badge yet/);
    const dj = await djWithSets(t, [SATURDAY_DEEP_HOUSE]);
    const answer = await ask(dj.browser, "Welche Abzeichen habe ich und wie verdiene ich das nächste?");
    const earned = answer.facts.find((f) => f.label === "Badges earned")!;
    assert.match(earned.value, /First Hour/, "72 minutes on air");
    assert.match(earned.value, /First Blend/);
    assert.match(earned.value, /Debut/);
    assert.equal(earned.href, "/leaderboard");
    assert.ok(
      answer.facts.some((f) =>
        f.label === "Next Sessions badge" && f.value.startsWith("Regular: 1 of 10 sessions")
      ),
    );
    assert.match(answer.text, /The closest next one: /);
  });

  it("says it does not know when no tool covers the question", async () => {
    const { browser } = await previewMember(t);
    const answer = await ask(browser, "What will the weather be like in Berlin tomorrow?");
    assert.match(answer.text, /I don&#39;t know|I don't know/);
    assert.equal(answer.facts.length, 0);
  });

  it("refuses empty and overlong questions with 422 and stores nothing", async () => {
    const { user, browser } = await previewMember(t);
    assert.equal((await browser.post("/mixey/ask", { q: "   " })).status, 422);
    const long = await browser.post("/mixey/ask", { q: "x".repeat(501) });
    assert.equal(long.status, 422);
    assert.match(await long.text(), /at most 500 characters/);
    assert.equal(
      (await t.deps.db.select().from(mixeyMessages).where(eq(mixeyMessages.userId, user.id))).length,
      0,
    );
  });

  it("escapes what the user typed", async () => {
    const { browser } = await previewMember(t);
    await browser.post("/mixey/ask", { q: "<script>alert(1)</script> my devices" });
    const page = await (await browser.get("/mixey")).text();
    assert.ok(!page.includes("<script>alert(1)</script>"));
    assert.ok(page.includes("&lt;script&gt;alert(1)&lt;/script&gt;"));
  });

  it("keeps each user's history to themselves, exports it and deletes it", async () => {
    const ana = await previewMember(t);
    const bo = await previewMember(t);
    await ask(ana.browser, "What are my account details?");
    await ask(bo.browser, "How many tracks are in my library?");
    const anaPage = await (await ana.browser.get("/mixey")).text();
    assert.ok(anaPage.includes("What are my account details?"));
    assert.ok(!anaPage.includes("How many tracks are in my library?"));
    const exported: UserExport = await (await ana.browser.post("/danger-zone/export")).json();
    assert.deepEqual(exported.tables.mixey_messages.map((row) => row.role), ["user", "mixey"]);
    assert.equal(exported.tables.mixey_messages[0].text, "What are my account details?");
    const deleted = await ana.browser.post("/mixey/history/delete");
    assert.equal(deleted.status, 303);
    const emptied = await (await ana.browser.get("/mixey?notice=deleted")).text();
    assert.match(emptied, /Your conversation with MIXEY was deleted/);
    assert.ok(!emptied.includes("What are my account details?"));
    const boRows = await t.deps.db.select().from(mixeyMessages).where(eq(mixeyMessages.userId, bo.user.id));
    assert.equal(boRows.length, 2, "Bo's history is untouched");
  });

  it("keeps at most the newest rows of a conversation", async () => {
    const { user } = await previewMember(t);
    const { saveTurn } = await import("./history.ts");
    for (let i = 0; i < MAX_HISTORY_ROWS / 2 + 3; i++) {
      await saveTurn(t.deps.db, user.id, `q${i}`, {
        topic: "unknown",
        text: "a",
        facts: [],
        engine: "templates",
      }, t.clock.now());
    }
    const rows = await t.deps.db.select().from(mixeyMessages).where(eq(mixeyMessages.userId, user.id));
    assert.equal(rows.length, MAX_HISTORY_ROWS);
    assert.ok(!rows.some((row) => row.text === "q0"));
  });
});

describe("MIXEY with a language model (local stand-in server)", () => {
  const standin = startModelStandin({ key: "standin-key" });
  let t: TestApp;
  before(async () => {
    t = await createTestApp({
      MIXEY_LLM_URL: standin.url,
      MIXEY_LLM_KEY: "standin-key",
      MIXEY_LLM_MODEL: "standin-1",
    });
  });
  after(async () => {
    await t.close();
    await standin.close();
  });

  it("lets the model phrase the answer from the same facts, which stay cited", async () => {
    const { user, browser } = await previewMember(t);
    const answer = await ask(browser, "What is my Mixera ID?");
    assert.match(answer.text, /Stand-in model says: .*Mixera ID is /);
    assert.ok(answer.text.includes(user.mixeraId));
    assert.ok(answer.facts.some((f) => f.label === "Mixera ID" && f.value === user.mixeraId));
    assert.match(answer.text, /phrased by the language model/);
    const request = standin.requests.at(-1)!;
    assert.equal(request.authorization, "Bearer standin-key");
    assert.equal(request.body.model, "standin-1");
    const sent = JSON.parse(request.body.messages[1].content);
    assert.equal(sent.question, "What is my Mixera ID?");
    assert.ok(sent.facts.some((f: { value: string }) => f.value === user.mixeraId));
    assert.ok(!JSON.stringify(request.body).includes("password"), "nothing but the facts is sent");
  });

  it("sends the model nothing for a question about someone else", async () => {
    const { browser } = await previewMember(t);
    const before = standin.requests.length;
    const answer = await ask(browser, "Which devices does bob@example.com have?");
    assert.match(answer.text, /I only see your own account/);
    assert.equal(standin.requests.length, before);
  });

  it("falls back to the template answer when the model fails", async () => {
    const { browser } = await previewMember(t);
    standin.failWith(500);
    try {
      const answer = await ask(browser, "What are my account details?");
      assert.match(answer.text, /Your account: /);
      assert.ok(!answer.text.includes("phrased by the language model"));
    } finally {
      standin.failWith(undefined);
    }
  });
});
