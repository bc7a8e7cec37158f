import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { connectMessages, connectReports } from "../../db/schema/connect.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import type { UserExport } from "../danger_zone/mod.ts";
import { previewMember } from "../devices/testing/support.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { djWithSets, SATURDAY_DEEP_HOUSE, TUESDAY_TECHNO } from "./testing/dj_with_telemetry.ts";

type Member = Awaited<ReturnType<typeof previewMember>>;

async function optIn(member: Member) {
  const response = await member.browser.post("/connect/opt-in", { enabled: "on" });
  assert.equal(response.status, 303);
  assert.equal(response.headers.get("location"), "/connect?notice=opted-in");
}

function send(browser: TestBrowser, to: Member, body: string) {
  return browser.post(`/connect/chat/${to.user.mixeraId}/messages`, { body });
}

async function messagesBetween(t: TestApp, a: Member, b: Member) {
  return (await t.deps.db.select().from(connectMessages)).filter((m) =>
    (m.senderId === a.user.id && m.recipientId === b.user.id) ||
    (m.senderId === b.user.id && m.recipientId === a.user.id)
  );
}

describe("MIXERA Connect", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("is a preview area", async () => {
    const outsider = await signedInUser(t);
    assert.equal((await outsider.browser.get("/connect")).status, 403);
    assert.equal((await outsider.browser.post("/connect/opt-in", { enabled: "on" })).status, 403);
  });

  it("shows the seed's empty state, demo banner and demo matches while there are no real profiles", async () => {
    const member = await previewMember(t);
    const page = await (await member.browser.get("/connect")).text();
    assert.match(page, /Your DJ Profile/);
    assert.match(page, /Profile analyzed from your DJ Stats/);
    assert.match(page, /No DJ Stats yet/);
    assert.match(page, /MIXEY Matches/);
    assert.match(page, /DJs with similar styles and stats/);
    assert.match(page, /Select a DJ to start chatting/);
    assert.match(page, /Choose from your MIXEY matches/);
    assert.match(page, /Welcome to MIXERA Connect/);
    assert.match(page, /MIXEY has found DJs with similar styles to yours!/);
    assert.match(page, /Preview Mode - Demo Data/);
    assert.match(
      page,
      /MIXERA Connect uses demo data\. Real DJ connections will be available once the feature is fully launched\./,
    );
    assert.equal(page.match(/data-testid="connect-demo-match"/g)?.length, 3);
    const demo = await member.browser.get("/connect/chat/demo-1");
    assert.equal(demo.status, 200);
    assert.match(await demo.text(), /cannot receive messages/);
    assert.equal((await member.browser.post("/connect/chat/demo-1/messages", { body: "hi" })).status, 409);
  });

  it("builds the profile from real telemetry and matches opted-in DJs with reasons", async () => {
    const ana = await djWithSets(t, [SATURDAY_DEEP_HOUSE]);
    const ben = await djWithSets(t, [{ ...SATURDAY_DEEP_HOUSE, bpm: 125, tracks: 10 }]);
    const cleo = await djWithSets(t, [TUESDAY_TECHNO]);
    const hidden = await djWithSets(t, [SATURDAY_DEEP_HOUSE]);

    const own = await (await ana.browser.get("/connect")).text();
    assert.match(own, /Deep House 100 %/);
    assert.match(own, /123–125 BPM/);
    assert.match(own, /<dd>100 %<\/dd>/, "every blend was one step on the wheel");
    assert.match(own, /72 minutes, mostly Saturday nights/);
    assert.match(own, /1 session, 1\.2 hours on air/);
    assert.ok(!own.includes(ben.user.displayName), "no matches before opting in");

    for (const member of [ana, ben, cleo]) await optIn(member);
    const page = await (await ana.browser.get("/connect")).text();
    assert.ok(page.includes(ben.user.displayName), "Ben plays the same style");
    assert.match(page, /both play 124–125 BPM deep house on Saturday nights/);
    assert.ok(!page.includes(cleo.user.displayName), "Cleo's techno is no match");
    assert.ok(!page.includes(hidden.user.displayName), "a DJ who did not opt in is never shown");
    assert.ok(!page.includes("connect-demo-banner"), "real matches replace the demo");
    const hiddenChat = await ana.browser.get(`/connect/chat/${hidden.user.mixeraId}`);
    assert.equal(hiddenChat.status, 404, "nor can their profile be opened");

    t.clock.advance(60_000);
    await ana.sendSet({ ...TUESDAY_TECHNO, tracks: 30 });
    const updated = await (await ana.browser.get("/connect")).text();
    assert.match(updated, /Techno 71 %, Deep House 29 %/, "a new batch shows in the profile at once");
  });

  it("delivers messages, counts unread, escapes HTML and keeps pairs apart", async () => {
    const ana = await previewMember(t);
    const ben = await previewMember(t);
    const cleo = await previewMember(t);
    for (const member of [ana, ben, cleo]) await optIn(member);
    const sent = await send(ana.browser, ben, "<img src=x onerror=alert(1)> hello Ben");
    assert.equal(sent.status, 303);
    assert.equal(sent.headers.get("location"), `/connect/chat/${ben.user.mixeraId}`);
    assert.equal((await send(cleo.browser, ben, "Cleo to Ben")).status, 303);

    const fragment = await ben.browser.get("/connect/matches");
    assert.equal(fragment.status, 200);
    const list = await fragment.text();
    assert.ok(!list.includes("<html"), "a fragment the page polls");
    assert.equal(list.match(/data-testid="connect-unread">1 unread/g)?.length, 2);
    const benPage = await (await ben.browser.get("/connect")).text();
    assert.equal(benPage.match(/data-testid="connect-unread">1 unread/g)?.length, 2);
    const thread = await (await ben.browser.get(`/connect/chat/${ana.user.mixeraId}/thread`)).text();
    assert.ok(thread.includes("&lt;img src=x onerror=alert(1)&gt; hello Ben"));
    assert.ok(!thread.includes("<img src=x"));
    assert.ok(!thread.includes("Cleo to Ben"), "the thread holds only Ana and Ben");
    const afterRead = await (await ben.browser.get("/connect")).text();
    assert.equal(afterRead.match(/data-testid="connect-unread"/g)?.length, 1, "Ana's message is read now");

    const cleoWithAna = await (await cleo.browser.get(`/connect/chat/${ana.user.mixeraId}/thread`)).text();
    assert.ok(!cleoWithAna.includes("hello Ben"), "Cleo cannot read Ana and Ben's messages");
    const cleoWithBen = await (await cleo.browser.get(`/connect/chat/${ben.user.mixeraId}/thread`)).text();
    assert.ok(cleoWithBen.includes("Cleo to Ben") && !cleoWithBen.includes("hello Ben"));
  });

  it("refuses messages to DJs who are not opted in, from DJs who are not, and to oneself", async () => {
    const ana = await previewMember(t);
    const ben = await previewMember(t);
    await optIn(ana);
    assert.equal((await send(ana.browser, ben, "hi")).status, 404, "Ben is not on Connect");
    assert.equal((await send(ben.browser, ana, "hi")).status, 403, "Ben has not opted in himself");
    assert.equal(
      (await ana.browser.post(`/connect/chat/${ana.user.mixeraId}/messages`, { body: "me" })).status,
      404,
    );
    assert.equal((await send(ana.browser, ben, "hi")).status, 404);
    await optIn(ben);
    assert.equal((await send(ana.browser, ben, "now")).status, 303);
    assert.equal((await ben.browser.post("/connect/opt-in", { enabled: "off" })).status, 303);
    const refused = await send(ana.browser, ben, "still there?");
    assert.equal(refused.status, 403, "the thread stays readable, but Ben takes no more messages");
    assert.match(await refused.text(), /not on MIXERA Connect/);
    assert.deepEqual((await messagesBetween(t, ana, ben)).map((m) => m.body), ["now"]);
  });

  it("refuses empty and overlong messages", async () => {
    const ana = await previewMember(t);
    const ben = await previewMember(t);
    await optIn(ana);
    await optIn(ben);
    assert.equal((await send(ana.browser, ben, "   ")).status, 422);
    const long = await send(ana.browser, ben, "x".repeat(1001));
    assert.equal(long.status, 422);
    assert.match(await long.text(), /at most 1000 characters/);
    assert.equal((await messagesBetween(t, ana, ben)).length, 0);
  });

  it("blocks both ways and hides the blocked DJ from matches; reports reach the database", async () => {
    const ana = await previewMember(t);
    const ben = await previewMember(t);
    await optIn(ana);
    await optIn(ben);
    assert.equal((await send(ana.browser, ben, "hey")).status, 303);
    const blocked = await ben.browser.post(`/connect/chat/${ana.user.mixeraId}/block`);
    assert.equal(blocked.status, 303);
    const refused = await send(ana.browser, ben, "hello?");
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /does not accept messages from you/);
    const ownRefusal = await send(ben.browser, ana, "sorry");
    assert.equal(ownRefusal.status, 403);
    assert.match(await ownRefusal.text(), /Unblock them to write again/);
    assert.deepEqual((await messagesBetween(t, ana, ben)).map((m) => m.body), ["hey"]);

    const reported = await ben.browser.post(`/connect/chat/${ana.user.mixeraId}/report`, {
      reason: "spam",
      note: "too many hellos",
    });
    assert.equal(reported.status, 303);
    const [row] = await t.deps.db.select().from(connectReports).where(
      eq(connectReports.reporterId, ben.user.id),
    );
    assert.equal(row.reportedId, ana.user.id);
    assert.equal(row.reason, "spam");
    assert.equal(
      (await ben.browser.post(`/connect/chat/${ana.user.mixeraId}/report`, { reason: "nope" })).status,
      422,
    );
    assert.equal((await ben.browser.get("/admin/connect")).status, 403, "only admins read reports");
    const admin = await signedInUser(t, { role: "admin" });
    const reports = await (await admin.browser.get("/admin/connect")).text();
    assert.match(
      reports,
      new RegExp(`${ana.user.mixeraId}[\\s\\S]*${ben.user.mixeraId}[\\s\\S]*spam[\\s\\S]*too many hellos`),
    );

    assert.equal((await ben.browser.post(`/connect/chat/${ana.user.mixeraId}/unblock`)).status, 303);
    assert.equal((await send(ana.browser, ben, "friends again")).status, 303);
  });

  it("limits how fast a DJ can write", async () => {
    const ana = await previewMember(t);
    const ben = await previewMember(t);
    await optIn(ana);
    await optIn(ben);
    for (let i = 0; i < 20; i++) assert.equal((await send(ana.browser, ben, `m${i}`)).status, 303);
    const limited = await send(ana.browser, ben, "one too many");
    assert.equal(limited.status, 429);
    assert.equal((await messagesBetween(t, ana, ben)).length, 20);
  });

  it("exports the DJ's opt-in, messages written, blocks and reports", async () => {
    const ana = await previewMember(t);
    const ben = await previewMember(t);
    await optIn(ana);
    await optIn(ben);
    await send(ana.browser, ben, "from Ana");
    await send(ben.browser, ana, "from Ben");
    await ana.browser.post(`/connect/chat/${ben.user.mixeraId}/block`);
    const doc: UserExport = await (await ana.browser.post("/danger-zone/export")).json();
    assert.deepEqual(doc.tables.connect_messages.map((m) => m.body), ["from Ana"]);
    assert.equal(doc.tables.connect_opt_ins.length, 1);
    assert.equal(doc.tables.connect_blocks.length, 1);
  });
});
