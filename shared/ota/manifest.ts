/**
 * @module
 * What the portal tells a controller about a firmware release, and what the controller reports
 * back: the manifest, the signed envelope that carries its exact bytes, the answer of the "latest"
 * endpoint and the outcome report. Both programs parse with these schemas.
 */
import { z } from "zod";
import { SemverSchema } from "./semver.ts";

export const FIRMWARE_LATEST_PATH = "/api/device/firmware/latest";
export const FIRMWARE_OUTCOME_PATH = "/api/device/firmware/outcome";

/** A manifest is well under a kilobyte; the envelope and its decoded bytes are refused above this. */
export const MAX_MANIFEST_BYTES = 8 * 1024;
/** Largest firmware artifact a manifest may describe. */
export const MAX_ARTIFACT_BYTES = 512 * 1024 * 1024;

export const FirmwareChannelSchema = z.enum(["stable", "beta"]);
export type FirmwareChannel = z.infer<typeof FirmwareChannelSchema>;

export const ModelNumberSchema = z.string().min(1).max(64).regex(
  /^[A-Za-z0-9._-]+$/,
  "expected a model number",
);

const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex SHA-256");
const TimestampSchema = z.iso.datetime({ offset: true });

export const FirmwareManifestSchema = z.object({
  /** Models this build runs on; a controller of any other model must not install it. */
  models: z.array(ModelNumberSchema).min(1).max(32),
  version: SemverSchema,
  /** The oldest installed firmware that may update straight to this release. */
  min_firmware_version: SemverSchema,
  channel: FirmwareChannelSchema,
  /** Where to download the artifact: signed, valid for about an hour, accepts `Range`. */
  artifact_url: z.url({ protocol: /^https?$/ }).max(2048),
  sha256: Sha256HexSchema,
  size_bytes: z.number().int().positive().max(MAX_ARTIFACT_BYTES),
  issued_at: TimestampSchema,
  /** A controller refuses the manifest after this instant (a frozen or replayed answer goes stale). */
  expires_at: TimestampSchema,
  /** Grows with every manifest the portal signs; a controller refuses one not above the last it accepted. */
  sequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export type FirmwareManifest = z.infer<typeof FirmwareManifestSchema>;

/**
 * The manifest as signed: `manifest` is the base64url of its exact UTF-8 JSON bytes, `signature` the
 * Ed25519 signature over those bytes, `key_id` names the signing key (see `firmwareKeyId`).
 */
export const SignedFirmwareManifestSchema = z.object({
  manifest: z.string().min(1).max(Math.ceil(MAX_MANIFEST_BYTES * 4 / 3) + 4),
  signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, "expected a base64url Ed25519 signature"),
  key_id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected a key id"),
});
export type SignedFirmwareManifest = z.infer<typeof SignedFirmwareManifestSchema>;

/** The answer of `GET /api/device/firmware/latest?channel=stable|beta`: an update, or null when none applies. */
export const FirmwareLatestResponseSchema = z.object({
  update: SignedFirmwareManifestSchema.nullable(),
  checked_at: TimestampSchema,
});
export type FirmwareLatestResponse = z.infer<typeof FirmwareLatestResponseSchema>;

/** Body of `POST /api/device/firmware/outcome`: what became of an update the controller tried. */
export const FirmwareOutcomeReportSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("installed"),
    /** The version now running. */
    version: SemverSchema,
    previous_version: SemverSchema,
  }),
  z.object({
    outcome: z.literal("rolled_back"),
    /** The version that was tried and abandoned. */
    version: SemverSchema,
    /** The version running again. */
    previous_version: SemverSchema,
    /** Why, in a sentence: "health check failed: port 5555 not listening after 30 s". */
    reason: z.string().min(1).max(500),
  }),
]);
export type FirmwareOutcomeReport = z.infer<typeof FirmwareOutcomeReportSchema>;
