/**
 * @module
 * Where a device downloads a release's artifact: a URL valid for an hour. On S3 it is a presigned
 * GET of the object; otherwise a portal URL signed over the release id and its expiry
 * (web/http/signed_url.ts), checked before a byte is served (a changed id, expiry or signature
 * answers 403).
 */
import type { Db } from "../../db/client.ts";
import { signUrl } from "../../http/signed_url.ts";
import type { Storage } from "../../storage/storage.ts";

export const ARTIFACT_URL_TTL_SEC = 60 * 60;
export const ARTIFACT_PATH_PREFIX = "/api/device/firmware/artifacts/";
export const ARTIFACT_URL_PURPOSE = "firmware-artifact";

export interface ArtifactUrlInput {
  releaseId: string;
  artifactKey: string;
  publicUrl: string;
  db: Db;
  storage: Storage;
  now: Date;
}

/** A download URL for the artifact that stops working after ARTIFACT_URL_TTL_SEC. */
export async function artifactUrl(input: ArtifactUrlInput): Promise<string> {
  const presigned = await input.storage.presignedUrl(input.artifactKey, {
    expiresInSec: ARTIFACT_URL_TTL_SEC,
    now: input.now,
  });
  if (presigned) return presigned;
  const url = new URL(`${input.publicUrl}${ARTIFACT_PATH_PREFIX}${encodeURIComponent(input.releaseId)}`);
  return await signUrl(input.db, url, {
    purpose: ARTIFACT_URL_PURPOSE,
    fields: { releaseId: input.releaseId },
    expiresAtSec: Math.floor(input.now.getTime() / 1000) + ARTIFACT_URL_TTL_SEC,
  }, input.now);
}
