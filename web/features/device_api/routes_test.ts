import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { deviceAuditLog, devices, deviceSessions } from "../../db/schema/devices.ts";
import { CloudHelloAckSchema, DeviceStatusSchema } from "../../../shared/devices/schemas.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { freshSerial, previewMember } from "../devices/testing/support.ts";
import { ensureControllerApp } from "./controller_app.ts";
import { requireCloudAccess, requireDevice } from "./device_auth.ts";
import { newKeyPair, SimulatedController } from "./testing/support.ts";
import { DEVICE_SESSION_TTL_MS } from "./sessions.ts";
import { HELLO_LIMIT } from "./handshake.ts";

describe("device API", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await ensureControllerApp(t.deps.db, t.clock.now());
    await ensureControllerApp(t.deps.db, t.clock.now());
  });
  after(() => t.close());

  const row = async (serial: string) =>
    (await t.deps.db.select().from(devices).where(eq(devices.serial, serial)))[0];

  /** A member with a controller linked through the device grant and one handshake done. */
  async function linkedController() {
    const owner = await previewMember(t);
    const controller = await SimulatedController.create(t, freshSerial());
    const linked = await controller.link(await controller.authorize(owner.browser));
    assert.equal(linked.status, 200, await linked.clone().text());
    assert.equal((await controller.hello()).status, 200);
    return { owner, controller };
  }

  describe("linking", () => {
    it("registers a new serial to the approving owner and records the link", async () => {
      const owner = await previewMember(t);
      const controller = await SimulatedController.create(t, freshSerial());
      const res = await controller.link(await controller.authorize(owner.browser));
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), {
        linked: true,
        serial_number: controller.serial,
        registered_now: true,
      });
      const device = await row(controller.serial);
      assert.equal(device.userId, owner.user.id);
      assert.equal(device.publicKey, controller.publicKey);
      const page = await (await owner.browser.get(`/devices/${device.id}`)).text();
      assert.match(page, /Linked since/);
      const events = await t.deps.db.select().from(deviceAuditLog).where(
        eq(deviceAuditLog.deviceId, device.id),
      );
      assert.deepEqual(events.map((e) => e.event), ["registered", "linked"]);
    });

    it("attaches the key to a serial the owner registered on the web first", async () => {
      const owner = await previewMember(t);
      const controller = await SimulatedController.create(t, freshSerial());
      await owner.browser.post("/devices/register", {
        serialNumber: controller.serial,
        modelNumber: "MXR-CTRL-ONE",
        purchaseDate: "2025-03-01",
        nickname: "Home",
      });
      const res = await controller.link(await controller.authorize(owner.browser));
      assert.equal((await res.json()).registered_now, false);
      const device = await row(controller.serial);
      assert.equal(device.nickname, "Home");
      assert.equal(device.purchaseDate, "2025-03-01");
      assert.equal(device.publicKey, controller.publicKey);
    });

    it("refuses a serial owned by another account, without a key change", async () => {
      const { controller } = await linkedController();
      const intruder = await previewMember(t);
      const impostor = await SimulatedController.create(t, controller.serial);
      const res = await impostor.link(await impostor.authorize(intruder.browser));
      assert.equal(res.status, 409);
      assert.equal((await res.json()).error, "already_registered");
      assert.equal((await row(controller.serial)).publicKey, controller.publicKey);
    });

    it("refuses tokens without devices:link, owners outside the program, and proofs by another key", async () => {
      const owner = await previewMember(t);
      const controller = await SimulatedController.create(t, freshSerial());
      const profileOnly = await controller.link(await controller.authorize(owner.browser, "profile"));
      assert.equal(profileOnly.status, 403);
      const token = await controller.authorize(owner.browser);
      const other = await newKeyPair();
      const forged = await controller.link(token, await controller.jwt({}, other.pair.privateKey));
      assert.equal(forged.status, 401);
      assert.equal((await forged.json()).error, "invalid_token");
      const outsider = await signedInUser(t);
      const res = await controller.link(await controller.authorize(outsider.browser));
      assert.equal(res.status, 403);
      assert.equal((await res.json()).error, "not_eligible");
      assert.equal(await row(controller.serial), undefined);
      assert.equal((await controller.link("not-a-token")).status, 401);
    });
  });

  describe("handshake", () => {
    it("answers HELLO with HELLO_ACK, a session in the headers, and the device state", async () => {
      const { owner, controller } = await linkedController();
      await owner.browser.post("/devices/cloud-access", { enabled: "on" });
      const res = await controller.hello();
      assert.equal(res.status, 200);
      const ack = CloudHelloAckSchema.parse(await res.json());
      assert.equal(ack.payload.accepted, true);
      assert.equal(ack.payload.compatibility, "FULL");
      assert.deepEqual(ack.payload.warnings, []);
      assert.equal(ack.payload.server_time, t.clock.now().toISOString());
      assert.deepEqual(ack.payload.device, { locked: false, cloud_access: true, command: null });
      assert.equal(ack.payload.session.id, res.headers.get("x-ocp-session"));
      assert.equal(ack.payload.session.token, res.headers.get("x-ocp-token"));
      const expires = Date.parse(ack.payload.session.expires_at) - t.clock.now().getTime();
      assert.ok(expires <= 60 * 60 * 1000);
      const [stored] = await t.deps.db.select().from(deviceSessions).where(
        eq(deviceSessions.id, ack.payload.session.id),
      );
      assert.notEqual(stored.tokenHash, ack.payload.session.token, "only the hash is stored");
      const status = await controller.call("/api/device/status");
      assert.equal(status.status, 200);
      assert.equal(DeviceStatusSchema.parse(await status.json()).serial_number, controller.serial);
      assert.ok((await row(controller.serial)).lastSeenAt);
    });

    it("warns as OCP §6 says: W001 no serial, W002 other model, W003 other protocol major", async () => {
      const { controller } = await linkedController();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ serial_number: undefined }, ["W001"]],
        [{ model_number: "MXR-DJCTRL-v2" }, ["W002"]],
        [{ protocol_version: "2.0" }, ["W003"]],
      ];
      for (const [payload, codes] of cases) {
        const ack = CloudHelloAckSchema.parse(
          await (await controller.hello(undefined, controller.helloBody(payload))).json(),
        );
        assert.deepEqual(ack.payload.warnings.map((w) => w.code), codes);
        assert.equal(ack.payload.compatibility, "PARTIAL");
      }
    });

    it("refuses replayed, expired, over-long, wrong-audience and foreign-key JWTs", async () => {
      const { controller } = await linkedController();
      const jwt = await controller.jwt();
      assert.equal((await controller.hello(jwt)).status, 200);
      const replay = await controller.hello(jwt);
      assert.equal(replay.status, 401);
      assert.equal((await replay.json()).error, "replayed_token");

      const now = Math.floor(t.clock.now().getTime() / 1000);
      const refused = async (token: string, problem: string) => {
        const res = await controller.hello(token);
        assert.equal(res.status, 401, problem);
        const body = await res.json();
        assert.equal(body.error, "invalid_token", problem);
        assert.match(body.message, new RegExp(problem));
      };
      await refused(await controller.jwt({ iat: now - 400, exp: now - 100 }), "expired");
      await refused(await controller.jwt({ iat: now, exp: now + 301 }), "lifetime_too_long");
      await refused(await controller.jwt({ aud: "https://evil.example" }), "wrong_audience");
      await refused(await controller.jwt({ sub: "MXR-20250122-999999" }), "wrong_subject");
      const { controller: other } = await linkedController();
      await refused(await controller.jwt({}, other.keys.privateKey), "bad_signature");
      await refused("a.b.c", "malformed");
    });

    it("limits handshakes per device and issues no session past the limit", async () => {
      const { controller } = await linkedController();
      const device = await row(controller.serial);
      for (let i = 1; i < HELLO_LIMIT.limit; i++) {
        assert.equal((await controller.hello()).status, 200, `hello ${i}`);
      }
      const sessionsBefore = await t.deps.db.select().from(deviceSessions).where(
        eq(deviceSessions.deviceId, device.id),
      );
      const limited = await controller.hello();
      assert.equal(limited.status, 429);
      assert.equal((await limited.json()).error, "rate_limited");
      const sessionsAfter = await t.deps.db.select().from(deviceSessions).where(
        eq(deviceSessions.deviceId, device.id),
      );
      assert.equal(sessionsAfter.length, sessionsBefore.length);
      t.clock.advance(HELLO_LIMIT.windowMs);
      assert.equal((await controller.hello()).status, 200, "a new window");
    });

    it("refuses unlinked serials, bad bodies and oversize bodies", async () => {
      const stranger = await SimulatedController.create(t, freshSerial());
      const unknown = await stranger.hello();
      assert.equal(unknown.status, 401);
      assert.equal((await unknown.json()).error, "device_not_linked");
      const { controller } = await linkedController();
      const bad = await controller.hello(undefined, { type: "HELLO" });
      assert.equal(bad.status, 400);
      assert.equal((await bad.json()).error, "invalid_request");
      const big = await controller.hello(undefined, { ...controller.helloBody(), pad: "x".repeat(20_000) });
      assert.equal(big.status, 413);
    });
  });

  describe("authenticated requests", () => {
    it("need all three headers of one session", async () => {
      const { controller } = await linkedController();
      const { controller: other } = await linkedController();
      const attempts: Record<string, string>[] = [
        { "x-device-serial": other.serial },
        { "x-ocp-token": other.session!.token },
        { "x-ocp-session": other.session!.id },
        { "x-ocp-token": "" },
        { "x-ocp-session": "" },
      ];
      for (const headers of attempts) {
        const res = await controller.call("/api/device/status", {}, headers);
        assert.equal(res.status, 401, JSON.stringify(headers));
        assert.equal((await res.json()).error, "invalid_token");
      }
      assert.equal((await controller.call("/api/device/status")).status, 200);
    });

    it("expire with the session after at most an hour", async () => {
      const { controller } = await linkedController();
      t.clock.advance(DEVICE_SESSION_TTL_MS);
      assert.equal((await controller.call("/api/device/status")).status, 401);
      assert.equal((await controller.hello()).status, 200, "a new handshake starts a new session");
      assert.equal((await controller.call("/api/device/status")).status, 200);
    });

    it("are refused with device_locked from the request after a lock, until unlocked", async () => {
      const { owner, controller } = await linkedController();
      const device = await row(controller.serial);
      await owner.browser.post(`/devices/${device.id}/lock`);
      const locked = await controller.call("/api/device/status");
      assert.equal(locked.status, 403);
      assert.equal((await locked.json()).error, "device_locked");
      const ack = CloudHelloAckSchema.parse(await (await controller.hello()).json());
      assert.equal(ack.payload.device.locked, true, "the handshake tells a locked device");
      await owner.browser.post(`/devices/${device.id}/unlock`);
      assert.equal((await controller.call("/api/device/status")).status, 200);
    });

    it("stop at once when the device is removed or its key revoked", async () => {
      const { owner, controller } = await linkedController();
      const device = await row(controller.serial);
      await owner.browser.post(`/devices/${device.id}/revoke`);
      assert.equal((await controller.call("/api/device/status")).status, 401);
      assert.equal((await (await controller.hello()).json()).error, "device_not_linked");
      assert.equal(
        (await controller.link(await controller.authorize(owner.browser))).status,
        200,
        "links again",
      );
      assert.equal((await controller.hello()).status, 200);

      await owner.browser.post(`/devices/${device.id}/remove`, { confirm: "remove" });
      assert.equal((await controller.call("/api/device/status")).status, 401);
      assert.equal((await (await controller.hello()).json()).error, "device_not_linked");
      assert.equal(
        (await t.deps.db.select().from(deviceSessions).where(eq(deviceSessions.deviceId, device.id))).length,
        0,
      );
    });
  });

  it("rotates the key when the old key signs the new one", async () => {
    const { controller } = await linkedController();
    const next = await newKeyPair();
    const rotate = (proof: string, key = next.publicKey) =>
      controller.call("/api/device/key", {
        method: "POST",
        body: JSON.stringify({ new_public_key: key, proof }),
      });
    const byNewKey = await rotate(
      await controller.jwt({ new_public_key: next.publicKey }, next.pair.privateKey),
    );
    assert.equal(byNewKey.status, 401, "the new key cannot vouch for itself");
    assert.equal((await rotate(await controller.jwt({ new_public_key: "someone-else" }))).status, 401);
    const proof = await controller.jwt({ new_public_key: next.publicKey });
    assert.equal((await rotate(proof)).status, 200);
    assert.equal((await rotate(proof)).status, 401, "a proof works once");
    const oldKey = controller.keys;
    controller.keys = next.pair;
    assert.equal((await controller.hello()).status, 200, "the new key shakes hands");
    assert.equal((await controller.hello(await controller.jwt({}, oldKey.privateKey))).status, 401);
    const events = await t.deps.db.select().from(deviceAuditLog).where(
      eq(deviceAuditLog.serial, controller.serial),
    );
    assert.ok(events.some((e) => e.event === "key_rotated"));
  });

  it("delivers a remote factory reset at the next handshake and unlinks once confirmed", async () => {
    const { owner, controller } = await linkedController();
    const device = await row(controller.serial);
    await owner.browser.post(`/devices/${device.id}/factory-reset`);
    const ack = CloudHelloAckSchema.parse(await (await controller.hello()).json());
    assert.equal(ack.payload.device.command, "factory_reset");
    const confirm = (command: string) =>
      controller.call("/api/device/commands/confirm", { method: "POST", body: JSON.stringify({ command }) });
    assert.equal((await confirm("self_destruct")).status, 400);
    assert.equal((await confirm("factory_reset")).status, 200);
    const after = await row(controller.serial);
    assert.equal(after.pendingCommand, null);
    assert.equal(after.publicKey, null);
    assert.equal(after.userId, owner.user.id, "the device stays registered");
    assert.equal((await controller.call("/api/device/status")).status, 401);
    const events = await t.deps.db.select().from(deviceAuditLog).where(
      eq(deviceAuditLog.deviceId, device.id),
    );
    assert.deepEqual(events.map((e) => e.event).slice(-2), ["factory_reset_requested", "factory_reset"]);
  });

  it("lets devices reach the cloud library only while the owner's cloud access is on", async () => {
    // A library endpoint as the cloud area mounts one: behind the device guard and the cloud-access guard.
    const library = new Hono<AppEnv>();
    library.use(async (c, next) => {
      c.set("deps", t.deps);
      await next();
    });
    library.get("/tracks", requireDevice(), requireCloudAccess(), (c) => c.json({ tracks: [] }));
    const { owner, controller } = await linkedController();
    const tracks = () =>
      library.request("/tracks", {
        headers: {
          "x-ocp-session": controller.session!.id,
          "x-ocp-token": controller.session!.token,
          "x-device-serial": controller.serial,
        },
      });
    const off = await tracks();
    assert.equal(off.status, 403);
    assert.equal((await off.json()).error, "cloud_access_disabled");
    await owner.browser.post("/devices/cloud-access", { enabled: "on" });
    assert.equal((await tracks()).status, 200, "applies at the next request");
    await owner.browser.post("/devices/cloud-access", { enabled: "off" });
    assert.equal((await tracks()).status, 403);
  });
});
