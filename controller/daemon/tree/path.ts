/**
 * @module
 * Protocol paths: empty segments are dropped, so `devices//0/Mute/` is `/devices/0/Mute`.
 */

/** True when `raw` already is in normal form; lets the hot path skip the split/join. */
function isNormal(raw: string): boolean {
  if (raw.charCodeAt(0) !== 47) return false;
  if (raw.length > 1 && raw.charCodeAt(raw.length - 1) === 47) return false;
  return !raw.includes("//");
}

/**
 * Normalises a path: leading slash, no empty segments, no trailing slash (except the root).
 *
 * @example
 * ```ts
 * normalisePath("devices/0/inputs/3/Mute/"); // "/devices/0/inputs/3/Mute"
 * ```
 */
export function normalisePath(raw: string): string {
  if (isNormal(raw)) return raw;
  const segments = raw.split("/").filter((s) => s.length > 0);
  return `/${segments.join("/")}`;
}

/** The path of `name` directly below `parent`. */
export function childPath(parent: string, name: string): string {
  return parent === "/" ? `/${name}` : `${parent}/${name}`;
}

/** Splits a normal path into its parent and last segment; the root has no parent. */
export function splitLast(path: string): { parent: string; name: string } | null {
  if (path === "/") return null;
  const slash = path.lastIndexOf("/");
  return { parent: slash === 0 ? "/" : path.slice(0, slash), name: path.slice(slash + 1) };
}
