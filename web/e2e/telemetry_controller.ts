/**
 * @module
 * Browser-test helpers for telemetry pages: a Preview Program member made through the real pages (an
 * admin accepts the application), and a controller simulated over HTTP that links through the device
 * grant (the DJ approves on /activate), shakes hands and posts telemetry batches to /v1/telemetry.
 */
import { type Browser, expect, type Page } from "@playwright/test";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import { signDeviceJwt } from "../../shared/devices/jwt.ts";
import { sampleBatch } from "../../shared/telemetry/testing/sample_batch.ts";
import type { TelemetryEvent } from "../../shared/telemetry/mod.ts";
import { signUpVerified } from "./accounts.ts";

/** An admin signed in on a page of its own; `email` must be listed in ADMIN_EMAILS of playwright.config.ts. */
export async function signedInAdmin(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signUpVerified(page, browser, { email, name: "Stats Admin" });
  return page;
}

/** A new DJ, signed in on the returned page, whose Preview Program application `admin` accepted. */
export async function previewDj(browser: Browser, admin: Page, email: string, name: string): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signUpVerified(page, browser, { email, name });
  await page.goto("/preview-program");
  await page.getByLabel("Why do you want to join?").fill("I play every weekend.");
  await page.getByLabel("Which MIXERA gear do you use?").fill("MIXERA DJ Controller v2");
  await page.getByRole("button", { name: "Apply to the Preview Program" }).click();
  await expect(page.getByText("Application Pending")).toBeVisible();
  await admin.goto("/admin/preview");
  await admin.getByRole("button", { name: `Accept ${email}` }).click();
  await expect(admin.getByText("The application was accepted")).toBeVisible();
  return page;
}

let serialCounter = 0;

/** A controller over HTTP with its own Ed25519 key, linked to the DJ signed in on `owner`. */
export class HttpController {
  private session = { id: "", token: "" };

  private constructor(
    readonly baseURL: string,
    readonly serial: string,
    private readonly keys: CryptoKeyPair,
  ) {}

  private jwt(): Promise<string> {
    const iat = Math.floor(Date.now() / 1000);
    return signDeviceJwt(this.keys.privateKey, {
      sub: this.serial,
      aud: new URL(this.baseURL).origin,
      iat,
      exp: iat + 120,
      jti: encodeBase64Url(crypto.getRandomValues(new Uint8Array(18))),
    });
  }

  static async link(owner: Page, baseURL: string): Promise<HttpController> {
    const serial = `MXR-20250122-${String((Date.now() + ++serialCounter) % 1_000_000).padStart(6, "0")}`;
    const keys = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
      "sign",
      "verify",
    ]) as CryptoKeyPair;
    const controller = new HttpController(baseURL, serial, keys);
    const grant = await (await fetch(`${baseURL}/api/oauth/device_authorization`, {
      method: "POST",
      body: new URLSearchParams({ client_id: "mixera-controller", scope: "devices:link" }),
    })).json();
    await owner.goto("/activate");
    await owner.getByLabel("Device code").fill(grant.user_code);
    await owner.getByRole("button", { name: "Continue" }).click();
    await owner.getByRole("button", { name: "Allow" }).click();
    const tokens = await (await fetch(`${baseURL}/api/oauth/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:device_code",
        device_code: grant.device_code,
        client_id: "mixera-controller",
      }),
    })).json();
    expect(tokens.access_token, JSON.stringify(tokens)).toBeTruthy();
    const raw = new Uint8Array(await crypto.subtle.exportKey("raw", keys.publicKey));
    const linked = await fetch(`${baseURL}/api/device/link`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.access_token}` },
      body: JSON.stringify({
        serial_number: serial,
        model_number: "MXR-CTRL-ONE",
        firmware_version: "1.3.0",
        public_key: encodeBase64Url(raw),
        proof: await controller.jwt(),
      }),
    });
    expect(linked.status, await linked.clone().text()).toBe(200);
    const hello = await fetch(`${baseURL}/api/device/hello`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await controller.jwt()}` },
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
    controller.session = {
      id: hello.headers.get("x-ocp-session")!,
      token: hello.headers.get("x-ocp-token")!,
    };
    return controller;
  }

  /** Posts one batch and expects the portal's acknowledgement. */
  async send(events: TelemetryEvent[]): Promise<void> {
    const response = await fetch(`${this.baseURL}/v1/telemetry`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-ocp-session": this.session.id,
        "x-ocp-token": this.session.token,
        "x-device-serial": this.serial,
      },
      body: JSON.stringify(sampleBatch(this.serial, events)),
    });
    expect(response.status, await response.clone().text()).toBe(200);
  }
}
