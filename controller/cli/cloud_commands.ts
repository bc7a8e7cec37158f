/**
 * @module
 * `mixera-controller link --portal URL` (the RFC 8628 device grant, then registering this controller's
 * serial, model, firmware and public key to the approving account, then a first handshake) and
 * `mixera-controller status` (provisioning, link and lock state) and `mixera-controller rotate-key`.
 */
import { z } from "zod";
import type { ControllerConfig } from "../config/schema.ts";
import { CloudLink } from "../cloud/cloud_link.ts";
import { CloudState } from "../cloud/cloud_state.ts";
import { deviceJwt, loadPrivateKey, publicKeyBase64Url } from "../cloud/device_key.ts";
import { CloudHttpClient, CloudRequestError } from "../cloud/http_client.ts";
import { Logger } from "../log/logger.ts";
import { generateDeviceKeyPair, rawPublicKeyBase64, writePrivateKey } from "../store/identity.ts";
import { ControllerStore, type DeviceIdentity } from "../store/store.ts";
import type { Command } from "./command.ts";
import { type CliIo, EXIT, UsageError } from "./io.ts";
import { COMMON_HELP, configFrom, parseCommandLine, type ParsedCommandLine } from "./options.ts";
import { CONTROLLER_VERSION } from "../version.ts";

/** The portal's built-in OAuth client for controllers. */
export const CONTROLLER_CLIENT_ID = "mixera-controller";
const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

const DeviceAuthorizationSchema = z.object({
  device_code: z.string().min(1).max(512),
  user_code: z.string().min(1).max(32),
  verification_uri: z.url(),
  verification_uri_complete: z.url().optional(),
  expires_in: z.number().int().positive(),
  interval: z.number().int().positive().default(5),
});

function prepare(parsed: ParsedCommandLine, command: Command, io: CliIo): ControllerConfig | number {
  if (parsed.values.help) {
    for (const line of [...command.usage, "", ...COMMON_HELP]) io.out(line);
    return EXIT.OK;
  }
  const result = configFrom(parsed, io);
  if (result.ok) return result.config;
  io.err(`mixera-controller: ${result.message}`);
  return EXIT.USAGE;
}

/** Polls the token endpoint as RFC 8628 §3.5 says until the owner decides or the code expires. */
async function waitForApproval(
  http: CloudHttpClient,
  start: z.infer<typeof DeviceAuthorizationSchema>,
  io: CliIo,
  sleep: (ms: number) => Promise<void>,
): Promise<string> {
  let interval = start.interval;
  const deadline = Date.now() + start.expires_in * 1000;
  let interrupted = false;
  void io.shutdownSignal().then(() => interrupted = true);
  while (Date.now() < deadline && !interrupted) {
    await sleep(interval * 1000);
    const response = await http.request("POST", "/api/oauth/token", {
      form: {
        grant_type: DEVICE_CODE_GRANT,
        device_code: start.device_code,
        client_id: CONTROLLER_CLIENT_ID,
      },
    });
    const body = (response.body ?? {}) as { error?: string; access_token?: string };
    if (response.status === 200 && typeof body.access_token === "string") return body.access_token;
    if (body.error === "authorization_pending") continue;
    if (body.error === "slow_down") {
      interval += 5;
      continue;
    }
    throw new Error(
      body.error === "access_denied"
        ? "the owner denied the request"
        : `device grant failed: ${body.error ?? response.status}`,
    );
  }
  throw new Error(interrupted ? "interrupted" : "the code expired before it was approved; run link again");
}

async function registerWithPortal(
  http: CloudHttpClient,
  identity: DeviceIdentity,
  key: CryptoKey,
  accessToken: string,
): Promise<{ ok: true; registeredNow: boolean } | { ok: false; message: string }> {
  const response = await http.request("POST", "/api/device/link", {
    headers: { authorization: `Bearer ${accessToken}` },
    json: {
      serial_number: identity.serial,
      model_number: identity.model,
      firmware_version: CONTROLLER_VERSION,
      public_key: publicKeyBase64Url(identity),
      proof: await deviceJwt(key, identity.serial, http.origin),
    },
  });
  const body = (response.body ?? {}) as { error?: string; message?: string; registered_now?: boolean };
  if (response.status === 200) return { ok: true, registeredNow: body.registered_now === true };
  return { ok: false, message: `${body.error ?? `HTTP ${response.status}`}: ${body.message ?? ""}`.trim() };
}

export const link: Command = {
  name: "link",
  summary: "link this controller to a MIXERA account (device code shown here, approved in a browser)",
  usage: [
    "Usage: mixera-controller link --portal URL",
    "",
    "Starts the OAuth device authorization grant against the portal, prints the code to enter at its",
    "/activate page, and once the owner approves registers this controller (serial, model, firmware,",
    "public key) to their account. The portal must use https (plain http only on loopback).",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args, { portal: { type: "string" } });
    const config = prepare(parsed, this, io);
    if (typeof config === "number") return config;
    const portal = parsed.values.portal;
    if (typeof portal !== "string") throw new UsageError("link needs --portal URL");
    let http: CloudHttpClient;
    try {
      http = new CloudHttpClient({ portal, timeoutMs: config.cloud.requestTimeoutMs });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const store = new ControllerStore(config.dataDir);
    try {
      const identity = store.getIdentity();
      if (!identity) {
        io.err(
          "mixera-controller: this controller is not provisioned; run `mixera-controller provision` first",
        );
        return EXIT.FAILED;
      }
      const key = await loadPrivateKey(identity);
      const started = await http.request("POST", "/api/oauth/device_authorization", {
        form: { client_id: CONTROLLER_CLIENT_ID, scope: "devices:link" },
      });
      const start = DeviceAuthorizationSchema.safeParse(started.body);
      if (started.status !== 200 || !start.success) {
        io.err(`mixera-controller: the portal refused the device authorization (HTTP ${started.status})`);
        return EXIT.FAILED;
      }
      io.out(`To link ${identity.serial}, open ${start.data.verification_uri}`);
      io.out(`and enter the code: ${start.data.user_code}`);
      if (start.data.verification_uri_complete) io.out(`(or open ${start.data.verification_uri_complete})`);
      io.out("Waiting for approval…");
      const token = await waitForApproval(
        http,
        start.data,
        io,
        (ms) => new Promise((r) => setTimeout(r, ms)),
      );
      const registered = await registerWithPortal(http, identity, key, token);
      if (!registered.ok) {
        io.err(`mixera-controller: link refused: ${registered.message}`);
        return EXIT.FAILED;
      }
      const state = new CloudState(store);
      state.saveLink({ portal: http.origin, serial: identity.serial, linkedAt: new Date().toISOString() });
      const cloud = new CloudLink({
        http,
        identity,
        key,
        state,
        logger: new Logger({ level: "error" }),
        firmware: CONTROLLER_VERSION,
      });
      const result = await cloud.handshake();
      io.out(
        `linked ${identity.serial} to ${http.origin}${registered.registeredNow ? " (registered now)" : ""}; ${
          result === "locked" ? "the device is locked" : "handshake ok"
        }`,
      );
      return EXIT.OK;
    } catch (error) {
      const message = error instanceof CloudRequestError || error instanceof Error
        ? error.message
        : String(error);
      io.err(`mixera-controller: link failed: ${message}`);
      return EXIT.FAILED;
    } finally {
      store.close();
    }
  },
};

export const status: Command = {
  name: "status",
  summary: "show provisioning, cloud link and lock state",
  usage: ["Usage: mixera-controller status [--json]"],
  run(args, io) {
    const parsed = parseCommandLine(args, { json: { type: "boolean" } });
    const config = prepare(parsed, this, io);
    if (typeof config === "number") return Promise.resolve(config);
    const store = new ControllerStore(config.dataDir);
    try {
      const identity = store.getIdentity();
      const state = new CloudState(store);
      const linkRecord = state.link();
      const lock = state.lock();
      const report = {
        provisioned: identity !== null,
        serial: identity?.serial ?? null,
        model: identity?.model ?? null,
        linked: linkRecord !== null && linkRecord.serial === identity?.serial,
        portal: linkRecord?.portal ?? null,
        linked_at: linkRecord?.linkedAt ?? null,
        locked: lock?.locked ?? false,
        lock_changed_at: lock?.changedAt ?? null,
      };
      if (parsed.values.json) {
        io.out(JSON.stringify(report));
        return Promise.resolve(EXIT.OK);
      }
      io.out(`provisioning: ${identity ? `${identity.serial} (${identity.model})` : "not provisioned"}`);
      io.out(
        `cloud link: ${
          report.linked ? `linked to ${report.portal} since ${report.linked_at}` : "not linked"
        }`,
      );
      io.out(`lock: ${report.locked ? `locked since ${report.lock_changed_at}` : "unlocked"}`);
      return Promise.resolve(EXIT.OK);
    } finally {
      store.close();
    }
  },
};

export const rotateKey: Command = {
  name: "rotate-key",
  summary: "replace the device key; the current key vouches for the new one at the portal",
  usage: [
    "Usage: mixera-controller rotate-key",
    "",
    "Generates a new Ed25519 key pair, has the portal accept it (signed with the current key) and then",
    "stores it. If the portal refuses, the current key stays in place.",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args);
    const config = prepare(parsed, this, io);
    if (typeof config === "number") return config;
    const store = new ControllerStore(config.dataDir);
    try {
      const identity = store.getIdentity();
      const state = new CloudState(store);
      const linked = state.link();
      if (!identity || !linked || linked.serial !== identity.serial) {
        io.err("mixera-controller: this controller is not linked; run `mixera-controller link --portal URL`");
        return EXIT.FAILED;
      }
      const cloud = new CloudLink({
        http: new CloudHttpClient({ portal: linked.portal, timeoutMs: config.cloud.requestTimeoutMs }),
        identity,
        key: await loadPrivateKey(identity),
        state,
        logger: new Logger({ level: "error" }),
        firmware: CONTROLLER_VERSION,
      });
      const pair = await generateDeviceKeyPair();
      const publicKey = await rawPublicKeyBase64(pair.publicKey);
      const response = await cloud.rotateKey({
        publicKey: publicKeyBase64Url({ ...identity, publicKey }),
        privateKey: pair.privateKey,
      });
      if (response.status !== 200) {
        const body = (response.body ?? {}) as { error?: string; message?: string };
        io.err(
          `mixera-controller: the portal refused the new key: ${body.error ?? response.status} ${
            body.message ?? ""
          }`,
        );
        return EXIT.FAILED;
      }
      const privateKeyPath = await writePrivateKey(store, pair.privateKey);
      store.saveIdentity({ ...identity, publicKey, privateKeyPath });
      io.out(`rotated the device key of ${identity.serial}; new public key (base64): ${publicKey}`);
      return EXIT.OK;
    } catch (error) {
      io.err(`mixera-controller: rotate-key failed: ${(error as Error).message}`);
      return EXIT.FAILED;
    } finally {
      store.close();
    }
  },
};
