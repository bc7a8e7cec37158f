/**
 * @module
 * Whether a signed firmware manifest may be installed here, in trust order: the Ed25519 signature over
 * the manifest's raw bytes against the keys compiled into this build, then (and only then) its fields —
 * expiry, model, `min_firmware_version`, a version above the installed one and above the highest ever
 * trusted (anti-rollback), and a sequence above the last one accepted (replay).
 */
import { compareSemver, type FirmwareManifest, verifySignedManifest } from "../../shared/ota/mod.ts";
import type { TrustRecord } from "./trust_record.ts";

export type ReleaseRefusal =
  | "malformed_envelope"
  | "unknown_key"
  | "bad_signature"
  | "malformed_manifest"
  | "expired"
  | "not_yet_valid"
  | "wrong_model"
  | "firmware_too_old"
  | "not_newer"
  | "rollback"
  | "replayed";

export type ReleaseCheck =
  | { ok: true; manifest: FirmwareManifest }
  | { ok: false; refusal: ReleaseRefusal; message: string };

export interface ReleaseCheckContext {
  trustedKeys: readonly string[];
  model: string;
  installedVersion: string;
  trust: TrustRecord;
  now: Date;
}

const SIGNATURE_MESSAGES: Record<string, string> = {
  malformed_envelope: "the signed manifest is malformed",
  unknown_key: "the manifest is signed by a key this build does not trust",
  bad_signature: "the manifest signature does not match its bytes",
  malformed_manifest: "the signed manifest is not a manifest this build understands",
  expired: "the manifest has expired",
  not_yet_valid: "the manifest is issued in the future",
};

/**
 * @example
 * const check = await checkRelease(answer.update, { trustedKeys, model, installedVersion, trust, now: new Date() });
 * if (!check.ok) console.log(check.refusal, check.message);
 */
export async function checkRelease(envelope: unknown, context: ReleaseCheckContext): Promise<ReleaseCheck> {
  const verified = await verifySignedManifest(envelope, {
    trustedKeys: context.trustedKeys,
    now: context.now,
  });
  if (!verified.ok) {
    return { ok: false, refusal: verified.problem, message: SIGNATURE_MESSAGES[verified.problem] };
  }
  const manifest = verified.manifest;
  const refuse = (refusal: ReleaseRefusal, message: string): ReleaseCheck => ({
    ok: false,
    refusal,
    message,
  });
  if (!manifest.models.includes(context.model)) {
    return refuse(
      "wrong_model",
      `release ${manifest.version} is for ${manifest.models.join(", ")}, not ${context.model}`,
    );
  }
  if (compareSemver(context.installedVersion, manifest.min_firmware_version) < 0) {
    return refuse(
      "firmware_too_old",
      `release ${manifest.version} needs firmware ${manifest.min_firmware_version} or later, this is ${context.installedVersion}`,
    );
  }
  if (compareSemver(manifest.version, context.installedVersion) <= 0) {
    return refuse(
      "not_newer",
      `release ${manifest.version} is not newer than the installed ${context.installedVersion}`,
    );
  }
  if (compareSemver(manifest.version, context.trust.highestVersion) <= 0) {
    return refuse(
      "rollback",
      `release ${manifest.version} is not newer than ${context.trust.highestVersion}, the highest version ever trusted`,
    );
  }
  if (manifest.sequence <= context.trust.lastSequence) {
    return refuse(
      "replayed",
      `manifest sequence ${manifest.sequence} is not above ${context.trust.lastSequence}, the last one accepted`,
    );
  }
  return { ok: true, manifest };
}
