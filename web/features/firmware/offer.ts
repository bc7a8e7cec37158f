/**
 * @module
 * The answer to a device asking for firmware: the newest release it is eligible for, as a manifest
 * signed over its exact bytes, with a fresh sequence number, an artifact URL valid for an hour and
 * the same lifetime for the manifest itself (a device refuses it afterwards).
 */
import type { AppDeps } from "../../context.ts";
import {
  type FirmwareChannel,
  type FirmwareManifest,
  type SignedFirmwareManifest,
  signFirmwareManifest,
} from "../../../shared/ota/mod.ts";
import { ARTIFACT_URL_TTL_SEC, artifactUrl } from "./artifact_url.ts";
import { newestEligible } from "./eligibility.ts";
import { listReleases } from "./releases.ts";
import { nextManifestSequence } from "./sequence.ts";
import { firmwareKeys } from "./signing_keys.ts";

export const MANIFEST_TTL_MS = ARTIFACT_URL_TTL_SEC * 1000;

export interface AskingDevice {
  serial: string;
  model: string;
  firmware: string | null;
  channel: FirmwareChannel;
}

/** A signed manifest for the device, or null when no release applies (or nothing can be signed). */
export async function offerFirmware(
  deps: AppDeps,
  device: AskingDevice,
): Promise<SignedFirmwareManifest | null> {
  const keys = await firmwareKeys(deps.config);
  if (!keys) return null;
  const release = await newestEligible(await listReleases(deps.db), device);
  if (!release) return null;
  const now = deps.clock.now();
  const manifest: FirmwareManifest = {
    models: release.models,
    version: release.version,
    min_firmware_version: release.minFirmwareVersion,
    channel: release.channel,
    artifact_url: await artifactUrl({
      releaseId: release.id,
      artifactKey: release.artifactKey,
      publicUrl: deps.config.publicUrl,
      urlKey: keys.urlKey,
      storage: deps.storage,
      now,
    }),
    sha256: release.sha256,
    size_bytes: release.sizeBytes,
    issued_at: now.toISOString(),
    expires_at: new Date(now.getTime() + MANIFEST_TTL_MS).toISOString(),
    sequence: await nextManifestSequence(deps.db, now),
  };
  return await signFirmwareManifest(manifest, keys.signer);
}
