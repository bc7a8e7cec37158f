/**
 * @module
 * Installing a verified release into the A/B layout, in two halves so the engine keeps playing in
 * between: {@link stageRelease} downloads the artifact into the inactive slot (resumable), checks its
 * size and sha256, fsyncs it and renames it into place; {@link switchToRelease} then points `current`
 * at that slot with one symlink rename. The supervisor sees the new `current` and starts it in trial.
 *
 * A SIGKILL anywhere leaves `current` on a complete binary: before the rename on the old slot (the
 * staged slot is simply restaged), after it on the new slot in trial.
 */
import { chmodSync, existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import type { FirmwareManifest } from "../../shared/ota/mod.ts";
import { downloadResumable, sha256OfFile, verifyArtifact } from "./download.ts";
import { acquireInstallLock } from "./install_lock.ts";
import { renameDurably, writeFileDurably } from "./durable_fs.ts";
import {
  otherSlot,
  pointCurrentAt,
  readRelease,
  readSlots,
  type SlotLayout,
  type SlotName,
  writeRelease,
} from "./slots.ts";
import { raiseTrust } from "./trust_record.ts";

/** Where an install is; reported to `onStep` before the step runs. */
export type InstallStep = "downloading" | "verifying" | "staging" | "staged" | "switching" | "switched";

export interface InstallHooks {
  onStep?: (step: InstallStep) => void;
  onProgress?: (bytes: number) => void;
  fetch?: typeof fetch;
  idleTimeoutMs?: number;
  now?: () => Date;
}

export class TrialInProgressError extends Error {}

/** Which artifact a `.part` file belongs to, so a resume never mixes two releases. */
const PartialDownloadSchema = z.strictObject({ sha256: z.string(), size: z.number() });

function partialFiles(layout: SlotLayout, slot: SlotName) {
  return { part: `${layout.binary(slot)}.part`, meta: join(layout.slotDir(slot), "download.json") };
}

function samePartial(metaFile: string, manifest: FirmwareManifest): boolean {
  if (!existsSync(metaFile)) return false;
  try {
    const parsed = PartialDownloadSchema.safeParse(JSON.parse(readFileSync(metaFile, "utf8").slice(0, 4096)));
    return parsed.success && parsed.data.sha256 === manifest.sha256 &&
      parsed.data.size === manifest.size_bytes;
  } catch {
    return false;
  }
}

/** True when `slot` already holds exactly this artifact (staged before a restart, say). */
async function alreadyStaged(
  layout: SlotLayout,
  slot: SlotName,
  manifest: FirmwareManifest,
): Promise<boolean> {
  const release = readRelease(layout, slot);
  if (release?.sha256 !== manifest.sha256 || !existsSync(layout.binary(slot))) return false;
  return await sha256OfFile(layout.binary(slot)) === manifest.sha256;
}

/**
 * Puts the release's binary into the inactive slot; returns that slot. Refuses while a slot is in trial.
 * Waits for another installer of this root to finish first; if that one staged the same release,
 * nothing is downloaded again.
 *
 * @example
 * const slot = await stageRelease(layout, manifest, { onProgress: (bytes) => console.log(bytes) });
 */
export async function stageRelease(
  layout: SlotLayout,
  manifest: FirmwareManifest,
  hooks: InstallHooks = {},
): Promise<SlotName> {
  const release = await acquireInstallLock(layout);
  try {
    return await stageLocked(layout, manifest, hooks);
  } finally {
    release();
  }
}

async function stageLocked(
  layout: SlotLayout,
  manifest: FirmwareManifest,
  hooks: InstallHooks,
): Promise<SlotName> {
  const { current, good } = readSlots(layout);
  if (current !== good) throw new TrialInProgressError(`slot ${current} is still in trial`);
  const target = otherSlot(current);
  if (await alreadyStaged(layout, target, manifest)) return target;
  const { part, meta } = partialFiles(layout, target);
  if (!samePartial(meta, manifest)) {
    rmSync(part, { force: true });
    writeFileDurably(meta, JSON.stringify({ sha256: manifest.sha256, size: manifest.size_bytes }));
  }
  hooks.onStep?.("downloading");
  const digest = await downloadResumable({
    url: manifest.artifact_url,
    partFile: part,
    size: manifest.size_bytes,
    fetch: hooks.fetch,
    idleTimeoutMs: hooks.idleTimeoutMs,
    onProgress: hooks.onProgress,
  });
  hooks.onStep?.("verifying");
  try {
    await verifyArtifact(part, manifest.size_bytes, manifest.sha256, digest);
  } catch (error) {
    // A complete file with the wrong bytes cannot be resumed into the right one.
    rmSync(part, { force: true });
    rmSync(meta, { force: true });
    throw error;
  }
  hooks.onStep?.("staging");
  chmodSync(part, 0o755);
  renameDurably(part, layout.binary(target));
  writeRelease(layout, target, {
    version: manifest.version,
    sha256: manifest.sha256,
    size: manifest.size_bytes,
    sequence: manifest.sequence,
    installedAt: (hooks.now ?? (() => new Date()))().toISOString(),
  });
  rmSync(meta, { force: true });
  hooks.onStep?.("staged");
  return target;
}

/**
 * Makes the staged slot current (one rename), then records its version and sequence as trusted.
 * The supervisor does the latter too when it starts the trial, so a SIGKILL in between loses nothing.
 */
export function switchToRelease(layout: SlotLayout, slot: SlotName, hooks: InstallHooks = {}): void {
  const release = readRelease(layout, slot);
  if (!release) throw new Error(`slot ${slot} holds no staged release`);
  hooks.onStep?.("switching");
  pointCurrentAt(layout, slot);
  hooks.onStep?.("switched");
  raiseTrust(layout, { highestVersion: release.version, lastSequence: release.sequence });
}
