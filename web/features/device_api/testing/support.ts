/**
 * @module
 * Test support for the device API: a simulated controller with its own Ed25519 key that links through
 * the real device grant (/api/oauth/device_authorization → /activate → token) and shakes hands.
 */
import type { TestApp, TestBrowser } from "../../../testing/test_app.ts";
import { encodeBase64Url } from "../../../../shared/devices/base64url.ts";
import { signDeviceJwt } from "../../../../shared/devices/jwt.ts";
import { DEVICE_CODE_GRANT } from "../../oauth/mod.ts";
import { postForm } from "../../oauth/testing/fixture.ts";
import { CONTROLLER_CLIENT_ID } from "../controller_app.ts";

export class SimulatedController {
  session: { id: string; token: string } | null = null;

  private constructor(
    readonly t: TestApp,
    readonly serial: string,
    public keys: CryptoKeyPair,
    public publicKey: string,
    readonly model = "MXR-CTRL-ONE",
  ) {}

  static async create(t: TestApp, serial: string, model?: string): Promise<SimulatedController> {
    const keys = await newKeyPair();
    return new SimulatedController(t, serial, keys.pair, keys.publicKey, model);
  }

  get audience(): string {
    return new URL(this.t.deps.config.publicUrl).origin;
  }

  /** A fresh device JWT; `claims` overrides any claim, `key` signs with another key. */
  jwt(claims: Record<string, unknown> = {}, key: CryptoKey = this.keys.privateKey): Promise<string> {
    const iat = Math.floor(this.t.clock.now().getTime() / 1000);
    return signDeviceJwt(key, {
      sub: this.serial,
      aud: this.audience,
      iat,
      exp: iat + 120,
      jti: encodeBase64Url(crypto.getRandomValues(new Uint8Array(18))),
      ...claims,
    });
  }

  helloBody(payload: Record<string, unknown> = {}) {
    return {
      id: crypto.randomUUID(),
      type: "HELLO",
      ts: this.t.clock.now().toISOString(),
      from: { role: "controller", serial: this.serial },
      to: { role: "cloud" },
      payload: {
        serial_number: this.serial,
        model_number: this.model,
        firmware_version: "1.3.0",
        protocol_version: "1.0",
        feature_flags: [],
        ...payload,
      },
    };
  }

  async hello(jwt?: string, body: unknown = this.helloBody()): Promise<Response> {
    const response = await this.t.app.request("/api/device/hello", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${jwt ?? await this.jwt()}` },
      body: JSON.stringify(body),
    }, { remoteAddr: "198.51.100.20" });
    if (response.status === 200) {
      this.session = {
        id: response.headers.get("x-ocp-session")!,
        token: response.headers.get("x-ocp-token")!,
      };
    }
    return response;
  }

  /** A device API call with the three OCP headers (each may be overridden). */
  async call(path: string, init: RequestInit = {}, headers: Record<string, string> = {}): Promise<Response> {
    return await this.t.app.request(path, {
      ...init,
      headers: {
        "content-type": "application/json",
        "x-ocp-session": this.session?.id ?? "",
        "x-ocp-token": this.session?.token ?? "",
        "x-device-serial": this.serial,
        ...headers,
      },
    }, { remoteAddr: "198.51.100.20" });
  }

  /** Runs the device grant with `owner` approving on /activate and returns the access token. */
  async authorize(owner: TestBrowser, scope = "devices:link"): Promise<string> {
    const start = await (await postForm(this.t, "/api/oauth/device_authorization", {
      client_id: CONTROLLER_CLIENT_ID,
      scope,
    })).json();
    const approved = await owner.post("/activate", { user_code: start.user_code, decision: "allow" });
    if (approved.status !== 200) throw new Error(`activate answered ${approved.status}`);
    this.t.clock.advance(6_000);
    const tokens = await (await postForm(this.t, "/api/oauth/token", {
      grant_type: DEVICE_CODE_GRANT,
      device_code: start.device_code,
      client_id: CONTROLLER_CLIENT_ID,
    })).json();
    if (!tokens.access_token) throw new Error(`no token: ${JSON.stringify(tokens)}`);
    return tokens.access_token;
  }

  async link(
    accessToken: string,
    proof?: string,
    overrides: Record<string, unknown> = {},
  ): Promise<Response> {
    return await this.t.app.request("/api/device/link", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        serial_number: this.serial,
        model_number: this.model,
        firmware_version: "1.3.0",
        public_key: this.publicKey,
        proof: proof ?? await this.jwt(),
        ...overrides,
      }),
    }, { remoteAddr: "198.51.100.20" });
  }
}

export async function newKeyPair(): Promise<{ pair: CryptoKeyPair; publicKey: string }> {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey));
  return { pair, publicKey: encodeBase64Url(raw) };
}
