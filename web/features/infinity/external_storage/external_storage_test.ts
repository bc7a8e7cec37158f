import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { externalStorageLinks } from "../../../db/schema/external_storage.ts";
import { users } from "../../../db/schema/users.ts";
import { collectStream } from "../../../storage/storage.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../../testing/test_app.ts";
import { directPushToDevicesAllowed, externalStorageFor } from "./mod.ts";
import { type StandinServer, startStandinServer } from "./testing/standin_server.ts";

const CLIENTS = {
  google_drive: { clientId: "drive-client", clientSecret: "drive-secret" },
  dropbox: { clientId: "dropbox-client", clientSecret: "dropbox-secret" },
};

describe("Connect External Storage without credentials", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("says each provider is not configured and refuses to start a link", async () => {
    const ana = t.browser();
    await ana.signUp(t, { email: "ana@example.com" });
    const page = await (await ana.get("/infinity")).text();
    assert.match(page, /Google Drive: not configured on this portal/);
    assert.match(page, /Dropbox: not configured on this portal/);
    const start = await ana.post("/infinity/external-storage/dropbox/connect");
    assert.equal(start.status, 422);
    assert.equal(ana.cookies.has("mixera_external_link"), false);
    assert.equal((await ana.post("/infinity/external-storage/onedrive/connect")).status, 404);
  });
});

describe("Connect External Storage against the local stand-in server", () => {
  let standin: StandinServer;
  let t: TestApp;
  let ana: TestBrowser;
  let ben: TestBrowser;
  const idOf = async (email: string) =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0].id;

  /** Follows the link flow as the browser would: portal → provider (auto-approves) → portal callback. */
  async function link(browser: TestBrowser, provider: "google_drive" | "dropbox") {
    const start = await browser.post(`/infinity/external-storage/${provider}/connect`);
    assert.equal(start.status, 303);
    const authorize = new URL(start.headers.get("location")!);
    assert.equal(authorize.origin, standin.url);
    const approved = await fetch(authorize, { redirect: "manual" });
    const callback = new URL(approved.headers.get("location")!);
    return { authorize, response: await browser.get(callback.pathname + callback.search) };
  }

  before(async () => {
    standin = startStandinServer(CLIENTS);
    t = await createTestApp({
      GOOGLE_DRIVE_CLIENT_ID: CLIENTS.google_drive.clientId,
      GOOGLE_DRIVE_CLIENT_SECRET: CLIENTS.google_drive.clientSecret,
      DROPBOX_CLIENT_ID: CLIENTS.dropbox.clientId,
      DROPBOX_CLIENT_SECRET: CLIENTS.dropbox.clientSecret,
      EXTERNAL_STORAGE_KEY: encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32))),
      EXTERNAL_STORAGE_STANDIN_URL: standin.url,
    });
    ana = t.browser("192.0.2.101");
    ben = t.browser("192.0.2.102");
    await ana.signUp(t, { email: "ana@example.com" });
    await ben.signUp(t, { email: "ben@example.com" });
  });
  after(async () => {
    await t.close();
    await standin.close();
  });

  it("links Google Drive with PKCE and offline access, and turns direct push to devices off", async () => {
    const anaId = await idOf("ana@example.com");
    assert.equal(await directPushToDevicesAllowed(t.deps.db, anaId), true);
    const { authorize, response } = await link(ana, "google_drive");
    assert.equal(authorize.pathname, "/o/oauth2/v2/auth");
    assert.equal(authorize.searchParams.get("code_challenge_method"), "S256");
    assert.equal(authorize.searchParams.get("access_type"), "offline");
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/infinity?notice=external-linked");
    assert.match(
      await (await ana.get("/infinity")).text(),
      /Connected: Google Drive \(dj@gmail\.example\)[\s\S]*Direct push to devices is off/,
    );
    assert.equal(await directPushToDevicesAllowed(t.deps.db, anaId), false);
    const [row] = await t.deps.db.select().from(externalStorageLinks).where(
      eq(externalStorageLinks.userId, anaId),
    );
    assert.match(row.accessToken, /^[\w-]+\.[\w-]+$/, "sealed");
    assert.ok(row.refreshToken);
  });

  it("stores, replaces, reads and deletes files in the Drive app folder, refreshing an expired token", async () => {
    const storage = (await externalStorageFor(t.deps, await idOf("ana@example.com")))!;
    await storage.put("tracks/set-01.mp3", new Uint8Array([1, 2, 3]));
    await storage.put("tracks/set-01.mp3", new Uint8Array([4, 5, 6, 7]));
    assert.deepEqual([...standin.files.google_drive.keys()], ["tracks/set-01.mp3"]);
    assert.deepEqual(await storage.get("tracks/set-01.mp3"), new Uint8Array([4, 5, 6, 7]));

    standin.expireAccessTokens();
    t.clock.advance(2 * 60 * 60 * 1000);
    assert.deepEqual(await storage.get("tracks/set-01.mp3"), new Uint8Array([4, 5, 6, 7]));
    assert.equal(standin.refreshes(), 1);

    assert.equal(await storage.size("tracks/set-01.mp3"), 4);
    assert.deepEqual(
      await collectStream((await storage.read("tracks/set-01.mp3", { start: 1, end: 2 }))!),
      new Uint8Array([5, 6]),
    );
    assert.equal(await storage.size("tracks/missing.mp3"), null);
    assert.equal(await storage.read("tracks/missing.mp3"), null);

    await storage.delete("tracks/set-01.mp3");
    assert.equal(await storage.get("tracks/set-01.mp3"), null);
    await storage.delete("tracks/set-01.mp3");
    await assert.rejects(storage.put("../escape", new Uint8Array([1])), /Invalid storage key/);
  });

  it("refuses a callback whose state does not match this browser's link request", async () => {
    const start = await ben.post("/infinity/external-storage/dropbox/connect");
    const approved = await fetch(start.headers.get("location")!, { redirect: "manual" });
    const callback = new URL(approved.headers.get("location")!);
    callback.searchParams.set("state", "forged-state");
    const response = await ben.get(callback.pathname + callback.search);
    assert.equal(response.status, 400);
    assert.match(await response.text(), /did not come from this browser/);
    const denied = await ben.get("/infinity/external-storage/dropbox/callback?error=access_denied");
    assert.equal(denied.status, 400);
    assert.equal(await externalStorageFor(t.deps, await idOf("ben@example.com")), null);
  });

  it("links Dropbox and keeps files under the app folder", async () => {
    const { authorize, response } = await link(ben, "dropbox");
    assert.equal(authorize.searchParams.get("token_access_type"), "offline");
    assert.equal(response.status, 303);
    const storage = (await externalStorageFor(t.deps, await idOf("ben@example.com")))!;
    assert.equal(await storage.get("tracks/missing.wav"), null);
    await storage.put("tracks/intro.wav", new Uint8Array([9, 9]));
    assert.deepEqual([...standin.files.dropbox.keys()], ["/tracks/intro.wav"]);
    assert.deepEqual(await storage.get("tracks/intro.wav"), new Uint8Array([9, 9]));
    assert.equal(await storage.size("tracks/intro.wav"), 2);
    assert.equal(await storage.size("tracks/missing.wav"), null);
    assert.deepEqual(
      await collectStream((await storage.read("tracks/intro.wav", { start: 1, end: 1 }))!),
      new Uint8Array([9]),
    );
    await storage.delete("tracks/intro.wav");
    await storage.delete("tracks/intro.wav");
    assert.equal(standin.files.dropbox.size, 0);
  });

  it("disconnects, which turns direct push to devices on again", async () => {
    const benId = await idOf("ben@example.com");
    assert.equal((await ben.post("/infinity/external-storage/disconnect")).status, 303);
    assert.equal(await directPushToDevicesAllowed(t.deps.db, benId), true);
    assert.equal(await externalStorageFor(t.deps, benId), null);
    assert.match(await (await ben.get("/infinity")).text(), /Not connected/);
  });
  it("leaves no link of a deleted account", async () => {
    const anaId = await idOf("ana@example.com");
    assert.equal((await ana.post("/danger-zone/delete", { password: "correct horse battery" })).status, 303);
    const rows = await t.deps.db.select().from(externalStorageLinks).where(
      eq(externalStorageLinks.userId, anaId),
    );
    assert.equal(rows.length, 0);
  });
});
