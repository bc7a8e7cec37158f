/**
 * @module
 * The few filesystem moves the updater relies on to survive power loss: a file replaced by writing a
 * sibling, fsyncing it and renaming it over the old one; a symlink replaced the same way; and the
 * directory fsync that makes a rename itself durable. rename(2) within one directory is atomic, so a
 * reader (or a restart after SIGKILL) sees the old content or the new one, never a mix.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, symlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Flushes a file's or a directory's metadata and data to disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function siblingName(path: string, tag: string): string {
  return join(dirname(path), `.${basename(path)}.${tag}-${process.pid}`);
}

/**
 * Replaces `path` with `data` atomically and durably.
 *
 * @example
 * writeFileDurably("/opt/mixera/trust.json", JSON.stringify({ highestVersion: "1.2.0" }));
 */
export function writeFileDurably(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temporary = siblingName(path, "tmp");
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const fd = openSync(temporary, "w", mode);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  fsyncPath(dirname(path));
}

/**
 * Points the symlink `link` at `target` with one rename, so it never is missing or half-written.
 *
 * @example
 * swapSymlink("/opt/mixera/current", "slots/b");
 */
export function swapSymlink(link: string, target: string): void {
  const temporary = siblingName(link, "new");
  rmSync(temporary, { force: true });
  symlinkSync(target, temporary);
  renameSync(temporary, link);
  fsyncPath(dirname(link));
}

/** Moves a finished file into place and makes the move durable. */
export function renameDurably(from: string, to: string): void {
  fsyncPath(from);
  renameSync(from, to);
  fsyncPath(dirname(to));
}
