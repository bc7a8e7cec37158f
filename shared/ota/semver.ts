/**
 * @module
 * Semantic versions (semver 2.0.0) for firmware: parsing, ordering and validation. Build metadata
 * (`+...`) is accepted and ignored when ordering, as the specification says; a pre-release sorts
 * before its release (`1.4.0-beta.2 < 1.4.0`).
 */
import { z } from "zod";

/** Firmware versions are short; a longer string is refused without being matched. */
export const MAX_SEMVER_LENGTH = 64;

const NUMBER = "0|[1-9]\\d*";
const PRERELEASE_PART = `(?:${NUMBER}|\\d*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^(${NUMBER})\\.(${NUMBER})\\.(${NUMBER})` +
    `(?:-(${PRERELEASE_PART}(?:\\.${PRERELEASE_PART})*))?` +
    `(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?$`,
);

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  /** Dot-separated pre-release identifiers; empty for a release. */
  prerelease: readonly string[];
}

/** The parts of `text`, or null when it is not a semantic version. */
export function parseSemver(text: string): Semver | null {
  if (text.length > MAX_SEMVER_LENGTH) return null;
  const match = SEMVER.exec(text);
  if (!match) return null;
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (![major, minor, patch].every(Number.isSafeInteger)) return null;
  return { major, minor, patch, prerelease: match[4] ? match[4].split(".") : [] };
}

export function isSemver(text: string): boolean {
  return parseSemver(text) !== null;
}

const NUMERIC = /^\d+$/;

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return Math.sign(b.length - a.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareIdentifiers(a[i], b[i]);
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/**
 * -1, 0 or 1 as `a` is older than, as new as, or newer than `b`. Throws on a string that is not a
 * semantic version: callers validate first (see {@link SemverSchema}).
 *
 * @example
 * compareSemver("1.10.0", "1.9.3") // 1
 * compareSemver("2.0.0-rc.1", "2.0.0") // -1
 */
export function compareSemver(a: string, b: string): -1 | 0 | 1 {
  const left = parseSemver(a);
  const right = parseSemver(b);
  if (!left || !right) throw new Error(`not a semantic version: ${left ? b : a}`);
  const order = Math.sign(left.major - right.major) || Math.sign(left.minor - right.minor) ||
    Math.sign(left.patch - right.patch) || comparePrerelease(left.prerelease, right.prerelease);
  return order as -1 | 0 | 1;
}

export const SemverSchema = z.string().max(MAX_SEMVER_LENGTH).refine(isSemver, {
  message: "expected a semantic version such as 1.4.0",
});
