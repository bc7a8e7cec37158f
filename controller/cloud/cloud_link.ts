/**
 * @module
 * A linked controller's conversation with the portal: the OCP handshake (HELLO signed with the device
 * key → HELLO_ACK with a session), device API calls carrying `X-OCP-Session`, `X-OCP-Token` and
 * `X-Device-Serial`, renewal of the session before it expires, and what the cloud tells the device:
 * its lock (persisted, see cloud_state.ts) and remote commands (factory reset: wipe, then confirm).
 */
import { CloudHelloAckSchema, DeviceStatusSchema } from "../../shared/devices/schemas.ts";
import { OCP_PROTOCOL_VERSION } from "../../shared/ocp/mod.ts";
import type { Logger } from "../log/logger.ts";
import type { DeviceIdentity } from "../store/store.ts";
import type { CloudState } from "./cloud_state.ts";
import { deviceJwt } from "./device_key.ts";
import type { CloudHttpClient, CloudResponse, RawBody } from "./http_client.ts";

/** A session is renewed once less than this much of it is left. */
export const RENEW_BEFORE_MS = 5 * 60 * 1000;

export type CheckInResult = "ok" | "locked" | "unlinked" | "factory_reset";

interface Session {
  id: string;
  token: string;
  expiresAt: number;
}

function errorCode(response: CloudResponse): string {
  const body = response.body as { error?: unknown } | null;
  return typeof body?.error === "string" ? body.error : `http_${response.status}`;
}

export class CloudLink {
  #session: Session | null = null;
  #handshakeListeners = new Set<() => void>();

  constructor(
    private readonly options: {
      http: CloudHttpClient;
      identity: DeviceIdentity;
      key: CryptoKey;
      state: CloudState;
      logger: Logger;
      firmware: string;
      now?: () => Date;
    },
  ) {}

  get #now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Sends HELLO; on HELLO_ACK keeps the session and applies the device state it reports. */
  async handshake(): Promise<CheckInResult> {
    const { http, identity, key, state, logger, firmware } = this.options;
    const now = this.#now;
    const hello = {
      id: crypto.randomUUID(),
      type: "HELLO",
      ts: now.toISOString(),
      from: { role: "controller", serial: identity.serial },
      to: { role: "cloud" },
      payload: {
        serial_number: identity.serial,
        model_number: identity.model,
        firmware_version: firmware,
        protocol_version: OCP_PROTOCOL_VERSION,
        feature_flags: [],
      },
    };
    const response = await http.request("POST", "/api/device/hello", {
      headers: {
        authorization: `Bearer ${await deviceJwt(key, identity.serial, http.origin, {}, now)}`,
        "x-device-serial": identity.serial,
      },
      json: hello,
    });
    if (response.status === 401) {
      this.#session = null;
      const error = errorCode(response);
      logger.warn("cloud", "portal refused the handshake", { error });
      // The owner revoked the key or removed the device: this controller must be linked again.
      if (error === "device_not_linked") state.forgetLink();
      return "unlinked";
    }
    if (response.status !== 200) throw new Error(`handshake failed: ${errorCode(response)}`);
    const ack = CloudHelloAckSchema.parse(response.body).payload;
    this.#session = {
      id: ack.session.id,
      token: ack.session.token,
      expiresAt: Date.parse(ack.session.expires_at),
    };
    if (state.setLocked(ack.device.locked)) {
      logger.warn(
        "cloud",
        ack.device.locked ? "controller locked by the cloud" : "controller unlocked by the cloud",
      );
    }
    for (const warning of ack.warnings) logger.warn("cloud", "handshake warning", { ...warning });
    if (ack.device.command === "factory_reset") return await this.#factoryReset();
    for (const listener of this.#handshakeListeners) listener();
    return ack.device.locked ? "locked" : "ok";
  }

  /**
   * Calls `listener` after every accepted handshake (at start, on session renewal, after a lock is
   * lifted), e.g. to ask for firmware updates then. Returns the unsubscribe.
   */
  onHandshake(listener: () => void): () => void {
    this.#handshakeListeners.add(listener);
    return () => this.#handshakeListeners.delete(listener);
  }

  /**
   * A device API call with the session headers; renews the session first when it is close to expiry.
   * `raw` sends bytes as they are instead of `json` (a gzipped telemetry batch).
   */
  async call(method: "GET" | "POST", path: string, json?: unknown, raw?: RawBody): Promise<CloudResponse> {
    if (!this.#session || this.#session.expiresAt - this.#now.getTime() < RENEW_BEFORE_MS) {
      await this.handshake();
    }
    const send = () =>
      this.options.http.request(method, path, {
        headers: {
          "x-ocp-session": this.#session?.id ?? "",
          "x-ocp-token": this.#session?.token ?? "",
          "x-device-serial": this.options.identity.serial,
        },
        json,
        raw,
      });
    let response = await send();
    if (response.status === 401 && await this.handshake() !== "unlinked") response = await send();
    if (
      response.status === 403 && errorCode(response) === "device_locked" && this.options.state.setLocked(true)
    ) {
      this.options.logger.warn("cloud", "controller locked by the cloud");
    }
    return response;
  }

  /**
   * One periodic check-in. An unlocked controller asks for its status (a refused call tells it about a
   * lock); a locked one shakes hands, because only the handshake answers a locked device and can
   * report the unlock.
   */
  async checkIn(): Promise<CheckInResult> {
    if (this.options.state.locked() || !this.#session) return await this.handshake();
    const response = await this.call("GET", "/api/device/status");
    if (response.status === 403 && errorCode(response) === "device_locked") return "locked";
    if (response.status === 401) return "unlinked";
    if (response.status !== 200) throw new Error(`status failed: ${errorCode(response)}`);
    const status = DeviceStatusSchema.parse(response.body);
    if (status.command === "factory_reset") return await this.handshake();
    this.options.state.setLocked(status.locked);
    return status.locked ? "locked" : "ok";
  }

  /**
   * Key rotation: the current key signs the new public key, the portal swaps them, and only then is the
   * new key stored (so a failed rotation leaves the old key working).
   */
  async rotateKey(newKey: { publicKey: string; privateKey: CryptoKey }): Promise<CloudResponse> {
    const { identity, key, http } = this.options;
    const proof = await deviceJwt(
      key,
      identity.serial,
      http.origin,
      { new_public_key: newKey.publicKey },
      this.#now,
    );
    return await this.call("POST", "/api/device/key", { new_public_key: newKey.publicKey, proof });
  }

  async #factoryReset(): Promise<CheckInResult> {
    const { state, logger } = this.options;
    logger.warn("cloud", "factory reset requested by the cloud: wiping local state");
    state.wipeLocalState();
    const response = await this.options.http.request("POST", "/api/device/commands/confirm", {
      headers: {
        "x-ocp-session": this.#session?.id ?? "",
        "x-ocp-token": this.#session?.token ?? "",
        "x-device-serial": this.options.identity.serial,
      },
      json: { command: "factory_reset" },
    });
    this.#session = null;
    logger.warn("cloud", "factory reset done", { confirmed: response.status === 200 });
    return "factory_reset";
  }
}
