// CloudLink against a small portal double that checks what a real portal checks (the device JWT's
// signature, audience and single use; the three session headers). The real portal is exercised end to
// end by web/e2e/devices.spec.ts.
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importDevicePublicKey, verifyDeviceJwt } from "../../shared/devices/jwt.ts";
import { CloudHelloSchema } from "../../shared/devices/schemas.ts";
import { Logger } from "../log/logger.ts";
import { generateDeviceKeyPair, provisionDevice, rawPublicKeyBase64 } from "../store/identity.ts";
import { ControllerStore } from "../store/store.ts";
import { CloudLink, RENEW_BEFORE_MS } from "./cloud_link.ts";
import { CloudState } from "./cloud_state.ts";
import { loadPrivateKey, publicKeyBase64Url } from "./device_key.ts";
import { CloudHttpClient } from "./http_client.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-cloud-link-"));
  const store = new ControllerStore(dir);
  const identity = await provisionDevice(store, { firmware: "1.3.0", serial: "MXR-20250122-000042" });
  let verifyKey = (await importDevicePublicKey(publicKeyBase64Url(identity)))!;
  const portalState = {
    locked: false,
    command: null as "factory_reset" | null,
    confirmed: 0,
    hellos: 0,
    linked: true,
  };
  const jtis = new Set<string>();
  let session = { id: "", token: "" };
  let origin = "";
  let clock = Date.now();
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const path = new URL(request.url).pathname;
      if (path === "/api/device/hello") {
        const hello = CloudHelloSchema.parse(await request.json());
        const jwt = request.headers.get("authorization")!.replace("Bearer ", "");
        const verified = await verifyDeviceJwt(jwt, verifyKey, {
          audience: origin,
          subject: hello.from.serial,
          nowSec: Math.floor(clock / 1000),
        });
        if (!portalState.linked) return Response.json({ error: "device_not_linked" }, { status: 401 });
        if (!verified.ok || jtis.has(verified.claims.jti)) {
          return Response.json({ error: "invalid_token" }, { status: 401 });
        }
        jtis.add(verified.claims.jti);
        portalState.hellos++;
        session = { id: `s${portalState.hellos}`, token: crypto.randomUUID() };
        return Response.json({
          id: crypto.randomUUID(),
          type: "HELLO_ACK",
          ts: new Date().toISOString(),
          payload: {
            accepted: true,
            compatibility: "FULL",
            warnings: [],
            server_time: new Date().toISOString(),
            session: { ...session, expires_at: new Date(clock + 3_600_000).toISOString() },
            device: { locked: portalState.locked, cloud_access: false, command: portalState.command },
          },
        });
      }
      const authenticated = request.headers.get("x-ocp-session") === session.id &&
        request.headers.get("x-ocp-token") === session.token &&
        request.headers.get("x-device-serial") === identity.serial;
      if (!authenticated) return Response.json({ error: "invalid_token" }, { status: 401 });
      if (path === "/api/device/key") {
        const body = await request.json() as { new_public_key: string; proof: string };
        const proof = await verifyDeviceJwt(body.proof, verifyKey, {
          audience: origin,
          subject: identity.serial,
          nowSec: Math.floor(clock / 1000),
        });
        if (!proof.ok || proof.claims.new_public_key !== body.new_public_key) {
          return Response.json({ error: "invalid_token" }, { status: 401 });
        }
        verifyKey = (await importDevicePublicKey(body.new_public_key))!;
        return Response.json({ rotated: true });
      }
      if (path === "/api/device/commands/confirm") {
        portalState.confirmed++;
        portalState.command = null;
        return Response.json({ confirmed: true });
      }
      if (portalState.locked) return Response.json({ error: "device_locked" }, { status: 403 });
      return Response.json({
        serial_number: identity.serial,
        locked: false,
        cloud_access: false,
        command: portalState.command,
        server_time: new Date().toISOString(),
      });
    },
  });
  origin = `http://127.0.0.1:${server.port}`;
  cleanups.push(() => {
    server.stop(true);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const state = new CloudState(store);
  const link = new CloudLink({
    http: new CloudHttpClient({ portal: origin, sleep: () => Promise.resolve() }),
    identity,
    key: await loadPrivateKey(identity),
    state,
    logger: new Logger({ level: "error" }),
    firmware: "1.3.0",
    now: () => new Date(clock),
  });
  return { link, state, store, identity, origin, portalState, advance: (ms: number) => clock += ms };
}

describe("cloud link", () => {
  test("shakes hands with a signed HELLO, then checks in with the session headers", async () => {
    const { link, portalState } = await setup();
    expect(await link.checkIn()).toBe("ok");
    expect(await link.checkIn()).toBe("ok");
    expect(portalState.hellos).toBe(1);
  });

  test("renews the session before it expires", async () => {
    const { link, portalState, advance } = await setup();
    await link.checkIn();
    advance(3_600_000 - RENEW_BEFORE_MS + 1000);
    await link.checkIn();
    expect(portalState.hellos).toBe(2);
  });

  test("tells handshake listeners about every accepted handshake until they unsubscribe", async () => {
    const { link, portalState, advance } = await setup();
    let heard = 0;
    const unsubscribe = link.onHandshake(() => heard++);
    await link.checkIn();
    await link.checkIn();
    expect(heard).toBe(1);
    advance(3_600_000 - RENEW_BEFORE_MS + 1000);
    await link.checkIn();
    expect(heard).toBe(2);
    unsubscribe();
    portalState.linked = false;
    await link.handshake();
    expect(heard).toBe(2);
  });

  test("learns a lock from a refused call and the unlock from the next handshake", async () => {
    const { link, state, portalState } = await setup();
    await link.checkIn();
    portalState.locked = true;
    expect(await link.checkIn()).toBe("locked");
    expect(state.locked()).toBe(true);
    portalState.locked = false;
    expect(await link.checkIn()).toBe("ok");
    expect(state.locked()).toBe(false);
  });

  test("carries out a remote factory reset: wipes local state and confirms", async () => {
    const { link, state, store, portalState } = await setup();
    state.saveLink({ portal: "x", serial: "MXR-20250122-000042", linkedAt: "now" });
    store.trustAccessory("MXR-20250701-000123");
    await link.checkIn();
    portalState.command = "factory_reset";
    expect(await link.checkIn()).toBe("factory_reset");
    expect(portalState.confirmed).toBe(1);
    expect(state.link()).toBeNull();
    expect(store.listAccessories()).toEqual([]);
    expect(store.getIdentity()?.serial).toBe("MXR-20250122-000042");
  });

  test("rotates the key: the old key signs the new one, and the new key then shakes hands", async () => {
    const { link, store, identity, origin } = await setup();
    await link.checkIn();
    const pair = await generateDeviceKeyPair();
    const publicKey = publicKeyBase64Url({
      ...identity,
      publicKey: await rawPublicKeyBase64(pair.publicKey),
    });
    expect((await link.rotateKey({ publicKey, privateKey: pair.privateKey })).status).toBe(200);
    const rotated = new CloudLink({
      http: new CloudHttpClient({ portal: origin }),
      identity,
      key: pair.privateKey,
      state: new CloudState(store),
      logger: new Logger({ level: "error" }),
      firmware: "1.3.0",
    });
    expect(await link.handshake()).toBe("unlinked");
    expect(await rotated.handshake()).toBe("ok");
  });

  test("forgets the link when the portal no longer knows the device", async () => {
    const { link, state, portalState } = await setup();
    state.saveLink({ portal: "x", serial: "MXR-20250122-000042", linkedAt: "now" });
    portalState.linked = false;
    expect(await link.checkIn()).toBe("unlinked");
    expect(state.link()).toBeNull();
  });
});
