/**
 * @module
 * Browser-test helper: a simulated controller (its own Ed25519 key) that links to the signed-in DJ of a
 * page through the real device grant (the DJ approves on /activate), shakes hands and sends whole DJ
 * sets to `POST /v1/telemetry` on the running portal.
 */
import { expect, type Page } from "@playwright/test";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import { signDeviceJwt } from "../../shared/devices/jwt.ts";
import { djSetBatch, type DjSetStyle } from "../features/connect/testing/dj_set_events.ts";

const CLIENT_ID = "mixera-controller";
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

function freshSerial(): string {
  return `MXR-20250122-${String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0")}`;
}

async function formPost(baseURL: string, path: string, form: Record<string, string>) {
  return await (await fetch(`${baseURL}${path}`, { method: "POST", body: new URLSearchParams(form) })).json();
}

/** Links a new controller to the DJ signed in on `page` and sends `styles` as one set each. */
export async function sendDjSets(page: Page, baseURL: string, styles: DjSetStyle[]): Promise<string> {
  const serial = freshSerial();
  const keys = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const publicKey = encodeBase64Url(new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey)));
  const jwt = () => {
    const iat = Math.floor(Date.now() / 1000);
    return signDeviceJwt(keys.privateKey, {
      sub: serial,
      aud: new URL(baseURL).origin,
      iat,
      exp: iat + 120,
      jti: encodeBase64Url(crypto.getRandomValues(new Uint8Array(18))),
    });
  };

  const grant = await formPost(baseURL, "/api/oauth/device_authorization", {
    client_id: CLIENT_ID,
    scope: "devices:link",
  });
  await page.goto(`/activate?user_code=${grant.user_code}`);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByRole("heading", { name: "Device connected" })).toBeVisible();
  let token: { access_token?: string; error?: string } = {};
  await expect.poll(async () => {
    token = await formPost(baseURL, "/api/oauth/token", {
      grant_type: DEVICE_CODE_GRANT,
      device_code: grant.device_code,
      client_id: CLIENT_ID,
    });
    return token.access_token ? "issued" : token.error;
  }, { timeout: 30_000, intervals: [6_000] }).toBe("issued");

  const linked = await fetch(`${baseURL}/api/device/link`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token.access_token}` },
    body: JSON.stringify({
      serial_number: serial,
      model_number: "MXR-CTRL-ONE",
      firmware_version: "1.3.0",
      public_key: publicKey,
      proof: await jwt(),
    }),
  });
  expect(linked.status, await linked.clone().text()).toBe(200);
  const hello = await fetch(`${baseURL}/api/device/hello`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await jwt()}` },
    body: JSON.stringify({
      id: crypto.randomUUID(),
      type: "HELLO",
      ts: new Date().toISOString(),
      from: { role: "controller", serial },
      to: { role: "cloud" },
      payload: {
        serial_number: serial,
        model_number: "MXR-CTRL-ONE",
        firmware_version: "1.3.0",
        protocol_version: "1.0",
        feature_flags: [],
      },
    }),
  });
  expect(hello.status, await hello.clone().text()).toBe(200);
  const session = { id: hello.headers.get("x-ocp-session")!, token: hello.headers.get("x-ocp-token")! };
  for (const style of styles) {
    const sent = await fetch(`${baseURL}/v1/telemetry`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-ocp-session": session.id,
        "x-ocp-token": session.token,
        "x-device-serial": serial,
      },
      body: JSON.stringify(djSetBatch(serial, style, new Date())),
    });
    expect(sent.status, await sent.clone().text()).toBe(200);
  }
  return serial;
}
