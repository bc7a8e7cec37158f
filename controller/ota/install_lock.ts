/**
 * @module
 * One installer at a time per install root: the running controller's service and a DJ's
 * `update --apply` must not write the same `.part` file together. The lock is a file holding the
 * owner's pid, created exclusively; a lock whose owner is gone (SIGKILL, power cut) is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SlotLayout } from "./slots.ts";

function ownerAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

function tryLock(file: string, takeOver = true): boolean {
  try {
    writeFileSync(file, String(process.pid), { flag: "wx", mode: 0o600 });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code !== "EEXIST") throw error;
  }
  let owner = 0;
  try {
    owner = Number(readFileSync(file, "utf8").slice(0, 32).trim());
  } catch {
    return false;
  }
  if (ownerAlive(owner) || !takeOver) return false;
  rmSync(file, { force: true });
  return tryLock(file, false);
}

/**
 * Waits until this process holds the install lock; resolves with the function that releases it.
 *
 * @example
 * const release = await acquireInstallLock(layout);
 * try { await download(); } finally { release(); }
 */
export async function acquireInstallLock(layout: SlotLayout, pollMs = 250): Promise<() => void> {
  const file = join(layout.root, "install.lock");
  while (!tryLock(file)) await new Promise((resolve) => setTimeout(resolve, pollMs));
  return () => rmSync(file, { force: true });
}
