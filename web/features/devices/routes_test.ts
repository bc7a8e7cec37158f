import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { SESSION_COOKIE } from "../../auth/session.ts";
import { deviceAuditLog, devices } from "../../db/schema/devices.ts";
import { users } from "../../db/schema/users.ts";
import { freshSerial, previewMember } from "./testing/support.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";

function form(serial: string, extra: Record<string, string> = {}) {
  return {
    serialNumber: serial,
    modelNumber: "MXR-CTRL-ONE",
    purchaseDate: "2025-01-22",
    nickname: "Studio",
    ...extra,
  };
}

function apiRegister(browser: TestBrowser, body: unknown, token = browser.cookies.get(SESSION_COOKIE)!) {
  return browser.request("/api/devices/register", {
    method: "POST",
    headers: { "content-type": "application/json", "x-session-token": token },
    body: JSON.stringify(body),
  });
}

describe("My Devices", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const deviceBySerial = async (serial: string) =>
    (await t.deps.db.select().from(devices).where(eq(devices.serial, serial)))[0];

  it("registers a device from the form and lists it with warranty", async () => {
    const { browser } = await previewMember(t);
    assert.match(await (await browser.get("/devices")).text(), /No Devices Registered/);
    const serial = freshSerial();
    const res = await browser.post("/devices/register", form(serial));
    assert.equal(res.status, 303);
    const page = await (await browser.get("/devices")).text();
    assert.ok(page.includes(serial));
    assert.match(page, /in warranty until 2027-01-22/);
    assert.match(page, /MIXERA CTRL one/);
    assert.match(page, /Unlocked/);
  });

  it("refuses bad serials, unknown models, future or impossible purchase dates", async () => {
    const { browser } = await previewMember(t);
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const cases: [Record<string, string>, RegExp][] = [
      [form("MXR-2025-1"), /MXR-YYYYMMDD-XXXXXX/],
      [form("MXR-20250230-000001"), /not a real calendar day/],
      [form(freshSerial(), { modelNumber: "MXR-NOPE" }), /Choose a MIXERA model/],
      [form(freshSerial(), { purchaseDate: tomorrow }), /cannot be in the future/],
      [form(freshSerial(), { purchaseDate: "2025-02-30" }), /YYYY-MM-DD/],
    ];
    for (const [values, message] of cases) {
      const res = await browser.post("/devices/register", values);
      assert.equal(res.status, 422, JSON.stringify(values));
      assert.match(await res.text(), message);
    }
    assert.equal((await t.deps.db.select().from(devices).where(eq(devices.model, "MXR-NOPE"))).length, 0);
  });

  it("needs a verified email to register", async () => {
    const { user, browser } = await previewMember(t);
    await t.deps.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, user.id));
    const serial = freshSerial();
    assert.equal((await browser.post("/devices/register", form(serial))).status, 403);
    const api = await apiRegister(browser, form(serial));
    assert.equal(api.status, 403);
    assert.equal((await api.json()).error, "email_not_verified");
    assert.equal(await deviceBySerial(serial), undefined);
  });

  it("keeps one account per device without revealing the other account", async () => {
    const a = await previewMember(t);
    const b = await previewMember(t);
    const serial = freshSerial();
    await a.browser.post("/devices/register", form(serial));
    const taken = await b.browser.post("/devices/register", form(serial));
    assert.equal(taken.status, 409);
    const html = await taken.text();
    assert.match(html, /already registered to another account/);
    assert.ok(!html.includes(a.user.email) && !html.includes(a.user.displayName));
    const mine = await a.browser.post("/devices/register", form(serial));
    assert.match(await mine.text(), /already registered to your account/);
  });

  it("leaves exactly one winner when one serial is registered twice at the same moment", async () => {
    const members = await Promise.all([1, 2, 3, 4, 5, 6].map(() => previewMember(t)));
    const serial = freshSerial();
    const answers = await Promise.all(members.map(({ browser }) => apiRegister(browser, form(serial))));
    const statuses = answers.map((res) => res.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409]);
    const rows = await t.deps.db.select().from(devices).where(eq(devices.serial, serial));
    assert.equal(rows.length, 1);
    const winner = members[answers.findIndex((res) => res.status === 201)];
    assert.equal(rows[0].userId, winner.user.id);
  });

  it("offers POST /api/devices/register with the seed's body and coded JSON errors", async () => {
    const { browser } = await previewMember(t);
    const serial = freshSerial();
    const ok = await apiRegister(browser, {
      serialNumber: serial,
      modelNumber: "MXR-CTRL-ONE",
      purchaseDate: "2025-01-22",
      nickname: "Studio Controller",
    });
    assert.equal(ok.status, 201);
    assert.equal((await ok.json()).device.serialNumber, serial);
    assert.equal((await apiRegister(browser, form(serial))).status, 409);
    const codes = async (body: unknown) => (await (await apiRegister(browser, body)).json()).error;
    assert.equal(await codes(form("MXR-20251399-000001")), "invalid_serial");
    assert.equal(await codes(form(freshSerial(), { modelNumber: "X" })), "invalid_request");
    const noToken = await apiRegister(browser, form(freshSerial()), "wrong.token");
    assert.equal(noToken.status, 401);
    assert.equal((await noToken.json()).error, "unauthorized");
    const huge = await apiRegister(browser, { ...form(freshSerial()), nickname: "x".repeat(10_000) });
    assert.equal(huge.status, 413);
    const notJson = await browser.request("/api/devices/register", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-session-token": browser.cookies.get(SESSION_COOKIE)!,
      },
      body: "{",
    });
    assert.equal(notJson.status, 400);
    assert.equal((await notJson.json()).error, "invalid_request");
  });

  it("never lets user B see, rename, lock, remove or download for A's device", async () => {
    const a = await previewMember(t);
    const b = await previewMember(t);
    const serial = freshSerial();
    await a.browser.post("/devices/register", form(serial));
    const device = await deviceBySerial(serial);
    assert.ok(!(await (await b.browser.get("/devices")).text()).includes(serial));
    const attempts: [string, () => Promise<Response>][] = [
      ["view", () => b.browser.get(`/devices/${device.id}`)],
      ["remove page", () => b.browser.get(`/devices/${device.id}/remove`)],
      ["rename", () => b.browser.post(`/devices/${device.id}/rename`, { nickname: "mine" })],
      ["lock", () => b.browser.post(`/devices/${device.id}/lock`)],
      ["unlock", () => b.browser.post(`/devices/${device.id}/unlock`)],
      ["revoke", () => b.browser.post(`/devices/${device.id}/revoke`)],
      ["factory reset", () => b.browser.post(`/devices/${device.id}/factory-reset`)],
      ["remove", () => b.browser.post(`/devices/${device.id}/remove`, { confirm: "remove" })],
    ];
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      assert.equal(res.status, 404, name);
      assert.ok(!(await res.text()).includes(serial), name);
    }
    const after = await deviceBySerial(serial);
    assert.deepEqual(after, device, "nothing changed");
  });

  it("renames, locks, unlocks and removes with the seed's confirmation; the audit log shows it", async () => {
    const { user, browser } = await previewMember(t);
    const serial = freshSerial();
    await browser.post("/devices/register", form(serial));
    const device = await deviceBySerial(serial);
    assert.equal((await browser.post(`/devices/${device.id}/rename`, { nickname: "Club rig" })).status, 303);
    assert.equal((await browser.post(`/devices/${device.id}/lock`)).status, 303);
    assert.ok((await deviceBySerial(serial)).lockedAt);
    assert.equal((await browser.post(`/devices/${device.id}/unlock`)).status, 303);
    const page = await (await browser.get(`/devices/${device.id}`)).text();
    assert.match(page, /Club rig/);
    assert.match(page, /Downloads &amp; Resources/);
    assert.match(page, /Crossfader module/);
    assert.match(page, /Lock this device if stolen to prevent unauthorized use/);
    for (const event of ["registered", "locked", "unlocked"]) {
      assert.match(page, new RegExp(`<td>${event}</td>`));
    }

    const confirm = await (await browser.get(`/devices/${device.id}/remove`)).text();
    assert.match(confirm, /This will remove Club rig from your account\. You can re-register it later\./);
    assert.equal(
      (await browser.post(`/devices/${device.id}/remove`, {})).status,
      422,
      "needs the confirmation",
    );
    assert.equal((await browser.post(`/devices/${device.id}/remove`, { confirm: "remove" })).status, 303);
    assert.equal(await deviceBySerial(serial), undefined);
    const audit = await t.deps.db.select().from(deviceAuditLog).where(eq(deviceAuditLog.userId, user.id));
    assert.deepEqual(audit.map((row) => row.event), ["registered", "locked", "unlocked", "removed"]);

    const other = await previewMember(t);
    assert.equal((await other.browser.post("/devices/register", form(serial))).status, 303, "free again");
    assert.equal((await deviceBySerial(serial)).userId, other.user.id);
  });

  it("lets admins manage any device and see every device event", async () => {
    const owner = await previewMember(t);
    const { browser: boss } = await signedInUser(t, { role: "admin" });
    const serial = freshSerial();
    await owner.browser.post("/devices/register", form(serial));
    const device = await deviceBySerial(serial);
    assert.equal((await boss.post(`/devices/${device.id}/lock`)).status, 303);
    const overview = await (await boss.get("/admin/devices")).text();
    assert.ok(overview.includes(serial));
    const [locked] = await t.deps.db.select().from(deviceAuditLog).where(eq(deviceAuditLog.event, "locked"));
    assert.ok(locked);
    const events = await t.deps.db.select().from(deviceAuditLog).where(
      eq(deviceAuditLog.deviceId, device.id),
    );
    assert.equal(events.at(-1)!.actor, "admin");
    assert.equal((await owner.browser.get("/admin/devices")).status, 403);
  });

  it("stores the cloud-access toggle per user and shows it on the profile", async () => {
    const { browser } = await previewMember(t);
    assert.match(await (await browser.get("/profile")).text(), /data-testid="cloud-access-state">Off</);
    assert.equal((await browser.post("/devices/cloud-access", { enabled: "on" })).status, 303);
    const profile = await (await browser.get("/profile")).text();
    assert.match(profile, /Enable Cloud Access for Devices/);
    assert.match(profile, /data-testid="cloud-access-state">On</);
    assert.equal((await browser.post("/devices/cloud-access", { enabled: "maybe" })).status, 422);
  });
});
