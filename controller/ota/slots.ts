/**
 * @module
 * The A/B layout on disk, under one install root (e.g. /opt/mixera):
 *
 * ```
 * slots/a/mixera-controller   one build per slot
 * slots/a/release.json        what the slot holds (version, sha256, size, manifest sequence)
 * slots/b/…
 * current -> slots/b          the slot the supervisor starts (`current/mixera-controller run`)
 * good    -> slots/a          the last slot that passed its trial; the supervisor runs from here
 * trust.json                  anti-rollback record (highest version and sequence ever trusted)
 * trial.json                  boot counter of the slot in trial
 * outcomes/*.json             install / rollback reports waiting to reach the portal
 * install.lock                pid of the installer at work (install_lock.ts)
 * ```
 *
 * `current` ≠ `good` means the current slot is in trial. Both are symlinks swapped by one rename each,
 * so every state a SIGKILL can leave behind names a complete, verified binary.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { z } from "zod";
import { swapSymlink, writeFileDurably } from "./durable_fs.ts";

export const SLOT_NAMES = ["a", "b"] as const;
export type SlotName = typeof SLOT_NAMES[number];
export const BINARY_NAME = "mixera-controller";

const MAX_RECORD_BYTES = 64 * 1024;

export const SlotReleaseSchema = z.strictObject({
  version: z.string().min(1).max(64),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  /** The manifest sequence it was installed from; 0 for the factory build. */
  sequence: z.number().int().nonnegative(),
  installedAt: z.string().min(1).max(64),
});
export type SlotRelease = z.infer<typeof SlotReleaseSchema>;

export interface SlotLayout {
  root: string;
  currentLink: string;
  goodLink: string;
  trustFile: string;
  trialFile: string;
  outcomesDir: string;
  slotDir(slot: SlotName): string;
  binary(slot: SlotName): string;
  releaseFile(slot: SlotName): string;
}

export function slotLayout(root: string): SlotLayout {
  const slotDir = (slot: SlotName) => join(root, "slots", slot);
  return {
    root,
    currentLink: join(root, "current"),
    goodLink: join(root, "good"),
    trustFile: join(root, "trust.json"),
    trialFile: join(root, "trial.json"),
    outcomesDir: join(root, "outcomes"),
    slotDir,
    binary: (slot) => join(slotDir(slot), BINARY_NAME),
    releaseFile: (slot) => join(slotDir(slot), "release.json"),
  };
}

export function otherSlot(slot: SlotName): SlotName {
  return slot === "a" ? "b" : "a";
}

function slotOfLink(link: string): SlotName {
  const target = readlinkSync(link);
  const slot = basename(target);
  if (dirname(target) !== "slots" || !(SLOT_NAMES as readonly string[]).includes(slot)) {
    throw new Error(`${link} points at ${target}, expected slots/a or slots/b`);
  }
  return slot as SlotName;
}

/** Which slot runs and which is known good. */
export function readSlots(layout: SlotLayout): { current: SlotName; good: SlotName } {
  return { current: slotOfLink(layout.currentLink), good: slotOfLink(layout.goodLink) };
}

export function isLayoutRoot(root: string): boolean {
  return existsSync(join(root, "current")) && existsSync(join(root, "good"));
}

/**
 * The install root a binary runs from, when it runs as `<root>/slots/<x>/mixera-controller` (possibly
 * through the `current` or `good` link); null otherwise.
 */
export function rootOfExecutable(executable: string): string | null {
  for (const candidate of [dirname(dirname(dirname(executable))), dirname(dirname(executable))]) {
    if (isLayoutRoot(candidate)) return candidate;
  }
  return null;
}

export function readRelease(layout: SlotLayout, slot: SlotName): SlotRelease | null {
  const file = layout.releaseFile(slot);
  if (!existsSync(file)) return null;
  const text = readFileSync(file, "utf8");
  if (text.length > MAX_RECORD_BYTES) return null;
  try {
    const parsed = SlotReleaseSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeRelease(layout: SlotLayout, slot: SlotName, release: SlotRelease): void {
  writeFileDurably(layout.releaseFile(slot), JSON.stringify(release, null, 2));
}

/** Points `current` (and, after a good trial, `good`) at a slot. */
export function pointCurrentAt(layout: SlotLayout, slot: SlotName): void {
  swapSymlink(layout.currentLink, `slots/${slot}`);
}

export function pointGoodAt(layout: SlotLayout, slot: SlotName): void {
  swapSymlink(layout.goodLink, `slots/${slot}`);
}

/**
 * Creates the layout with `binary` in slot a, marked good and current (the factory install).
 *
 * @example
 * initLayout("/opt/mixera", process.execPath, { version: "1.0.0", sha256, size, sequence: 0, installedAt });
 */
export function initLayout(root: string, binary: string, release: SlotRelease): SlotLayout {
  if (isLayoutRoot(root)) throw new Error(`${root} already holds an A/B install`);
  const layout = slotLayout(root);
  for (const slot of SLOT_NAMES) mkdirSync(layout.slotDir(slot), { recursive: true, mode: 0o755 });
  mkdirSync(layout.outcomesDir, { recursive: true, mode: 0o700 });
  copyFileSync(binary, layout.binary("a"));
  chmodSync(layout.binary("a"), 0o755);
  writeRelease(layout, "a", release);
  pointCurrentAt(layout, "a");
  pointGoodAt(layout, "a");
  return layout;
}
