/**
 * @module
 * Which release a device is offered: the newest one it is eligible for. A release is eligible when
 * its channel is one the device follows (a beta device follows stable too), it targets the device's
 * model, the device runs at least its `min_firmware_version` and something older than it, and the
 * device's rollout bucket falls inside the release's staged percentage.
 */
import { compareSemver, type FirmwareChannel, isSemver } from "../../../shared/ota/mod.ts";

export interface ReleaseCandidate {
  version: string;
  channel: FirmwareChannel;
  models: readonly string[];
  minFirmwareVersion: string;
  rolloutPercent: number;
}

export interface DeviceFacts {
  serial: string;
  model: string;
  /** The version the device last announced; null (or not a semantic version) means it is offered nothing. */
  firmware: string | null;
  channel: FirmwareChannel;
}

/**
 * The device's bucket (0–99) for one release: the first four bytes of SHA-256 over version and serial.
 * Deterministic, so raising a release's percentage keeps every device that already had it; per
 * release, so the same units are not always the first to get a new build.
 */
export async function rolloutBucket(version: string, serial: string): Promise<number> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(`mixera-rollout\n${version}\n${serial}`),
  );
  return new DataView(digest).getUint32(0) % 100;
}

/** Why `release` is not offered to `device`, or null when it is. */
export async function ineligibility(
  release: ReleaseCandidate,
  device: DeviceFacts,
): Promise<"channel" | "model" | "unknown_firmware" | "not_newer" | "min_firmware" | "rollout" | null> {
  if (release.channel === "beta" && device.channel !== "beta") return "channel";
  if (!release.models.includes(device.model)) return "model";
  if (device.firmware === null || !isSemver(device.firmware)) return "unknown_firmware";
  if (compareSemver(release.version, device.firmware) <= 0) return "not_newer";
  if (compareSemver(device.firmware, release.minFirmwareVersion) < 0) return "min_firmware";
  if (await rolloutBucket(release.version, device.serial) >= release.rolloutPercent) return "rollout";
  return null;
}

/**
 * The newest release `device` is eligible for, or null.
 *
 * @example
 * const release = await newestEligible(await listReleases(db), { serial, model, firmware: "1.3.0", channel: "stable" });
 */
export async function newestEligible<T extends ReleaseCandidate>(
  releases: readonly T[],
  device: DeviceFacts,
): Promise<T | null> {
  const newestFirst = [...releases].sort((a, b) => compareSemver(b.version, a.version));
  for (const release of newestFirst) {
    if (await ineligibility(release, device) === null) return release;
  }
  return null;
}
