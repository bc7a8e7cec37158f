/**
 * @module
 * Device provisioning: a serial number `MXR-YYYYMMDD-XXXXXX`, the model and firmware, and an Ed25519
 * key pair. The private key is written as PKCS#8 PEM readable only by the owner; the public key is
 * printed for factory registration.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  if (!SERIAL_PATTERN.test(serial)) {
    throw new Error(`serial must look like MXR-YYYYMMDD-XXXXXX, got ${serial}`);
  }
  const keys = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const publicKey = Buffer.from(await crypto.subtle.exportKey("raw", keys.publicKey)).toString("base64");
  const privateKey = await crypto.subtle.exportKey("pkcs8", keys.privateKey);

  const keyDir = join(store.dataDir, "identity");
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  chmodSync(keyDir, 0o700);
  const privateKeyPath = join(keyDir, "device_ed25519.pem");
  if (existsSync(privateKeyPath)) chmodSync(privateKeyPath, 0o600);
  writeFileSync(privateKeyPath, toPem(privateKey), { mode: 0o600 });
  chmodSync(privateKeyPath, 0o600);

  const identity: DeviceIdentity = {
    serial,
    model: options.model ?? DEFAULT_MODEL,
    firmware: options.firmware,
    publicKey,
    privateKeyPath,
    createdAt: (options.now ?? new Date()).toISOString(),
  };
  store.saveIdentity(identity);
  return identity;
}
