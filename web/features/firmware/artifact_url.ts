/**
 * @module
 * Where a device downloads a release's artifact: a URL valid for an hour. On S3 it is a presigned
 * GET of the object; otherwise a portal URL carrying its expiry and an HMAC over release id and
 * expiry, checked before a byte is served (a changed id, expiry or signature answers 403).
 */
import { decodeBase64Url, encodeBase64Url } from "../../../shared/devices/base64url.ts";
import type { Storage } from "../../storage/storage.ts";

export const ARTIFACT_URL_TTL_SEC = 60 * 60;
export const ARTIFACT_PATH_PREFIX = "/api/device/firmware/artifacts/";

function signedText(releaseId: string, expiresSec: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`firmware-artifact\n${releaseId}\n${expiresSec}`);
}

export interface ArtifactUrlInput {
  releaseId: string;
  artifactKey: string;
  publicUrl: string;
  urlKey: CryptoKey;
  storage: Storage;
  now: Date;
}

/** A download URL for the artifact that stops working after ARTIFACT_URL_TTL_SEC. */
export async function artifactUrl(input: ArtifactUrlInput): Promise<string> {
  if (input.storage.presignedGetUrl) {
    return await input.storage.presignedGetUrl(input.artifactKey, ARTIFACT_URL_TTL_SEC);
  }
  const expires = Math.floor(input.now.getTime() / 1000) + ARTIFACT_URL_TTL_SEC;
  const signature = new Uint8Array(
    await crypto.subtle.sign("HMAC", input.urlKey, signedText(input.releaseId, expires)),
  );
  const query = new URLSearchParams({ expires: String(expires), signature: encodeBase64Url(signature) });
  return `${input.publicUrl}${ARTIFACT_PATH_PREFIX}${encodeURIComponent(input.releaseId)}?${query}`;
}

/** Whether a portal artifact URL's expiry and signature hold for `releaseId` at `now`. */
export async function artifactUrlValid(
  urlKey: CryptoKey,
  releaseId: string,
  query: { expires?: string; signature?: string },
  now: Date,
): Promise<boolean> {
  if (!query.expires || !/^\d{1,12}$/.test(query.expires) || !query.signature) return false;
  const expires = Number(query.expires);
  if (expires * 1000 <= now.getTime()) return false;
  const signature = decodeBase64Url(query.signature);
  if (!signature || signature.length !== 32) return false;
  return await crypto.subtle.verify("HMAC", urlKey, signature, signedText(releaseId, expires));
}
