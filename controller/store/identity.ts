/**
 * @module
 * Device provisioning: a serial number `MXR-YYYYMMDD-XXXXXX`, the model and firmware, and an Ed25519
 * key pair. The private key is written as PKCS#8 PEM readable only by the owner; the public key is
 * printed for factory registration.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serialProblem } from "../../shared/devices/serial.ts";
import type { ControllerStore, DeviceIdentity } from "./store.ts";

export const DEFAULT_MODEL = "MXR-DJCTRL-v2";
export const SERIAL_PATTERN = /^MXR-\d{8}-\d{6}$/;

export function generateSerial(now = new Date()): string {
  const date = now.toISOString().slice(0, 10).replaceAll("-", "");
  const suffix = crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;
  return `MXR-${date}-${String(suffix).padStart(6, "0")}`;
}

function toPem(der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString("base64").match(/.{1,64}/g)!.join("\n");
  return `-----BEGIN PRIVATE KEY-----\n${base64}\n-----END PRIVATE KEY-----\n`;
}

export class AlreadyProvisionedError extends Error {}

export interface ProvisionOptions {
  model?: string;
  firmware: string;
  serial?: string;
  /** Replace an existing identity (a new key pair: the old registration stops working). */
  force?: boolean;
  now?: Date;
}

export async function provisionDevice(
  store: ControllerStore,
  options: ProvisionOptions,
): Promise<DeviceIdentity> {
  const existing = store.getIdentity();
  if (existing && !options.force) {
    throw new AlreadyProvisionedError(
      `device already provisioned as ${existing.serial} (use --force to replace)`,
    );
  }
  const serial = options.serial ?? generateSerial(options.now);
  const problem = serialProblem(serial);
  if (problem) throw new Error(`${problem} Got ${serial}.`);
  const keys = await generateDeviceKeyPair();
  const identity: DeviceIdentity = {
    serial,
    model: options.model ?? DEFAULT_MODEL,
    firmware: options.firmware,
    publicKey: await rawPublicKeyBase64(keys.publicKey),
    privateKeyPath: await writePrivateKey(store, keys.privateKey),
    createdAt: (options.now ?? new Date()).toISOString(),
  };
  store.saveIdentity(identity);
  return identity;
}

export async function generateDeviceKeyPair(): Promise<CryptoKeyPair> {
  return await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]) as CryptoKeyPair;
}

/** The raw public key in base64, the form kept in the identity. */
export async function rawPublicKeyBase64(publicKey: CryptoKey): Promise<string> {
  return Buffer.from(await crypto.subtle.exportKey("raw", publicKey)).toString("base64");
}

/**
 * Writes the private key as owner-only PKCS#8 PEM under `identity/`: to a temporary file first, then
 * renamed over the old one, so a crash never leaves half a key.
 */
export async function writePrivateKey(store: ControllerStore, privateKey: CryptoKey): Promise<string> {
  const keyDir = join(store.dataDir, "identity");
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  chmodSync(keyDir, 0o700);
  const privateKeyPath = join(keyDir, "device_ed25519.pem");
  const temporary = `${privateKeyPath}.new`;
  writeFileSync(temporary, toPem(await crypto.subtle.exportKey("pkcs8", privateKey)), { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, privateKeyPath);
  return privateKeyPath;
}
