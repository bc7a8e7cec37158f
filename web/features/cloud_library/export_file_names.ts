/**
 * @module
 * The file name each exported track gets in the folder the DJ downloads the library to: the uploaded
 * name, cleaned of path separators and control characters, made unique within one export.
 */
import type { TrackDetails } from "./track_details.ts";

/** The folder exports point into (relative to where the DJ keeps their downloads). */
export const EXPORT_FOLDER = "MIXERA Cloud";

function cleaned(name: string): string {
  // deno-lint-ignore no-control-regex
  const safe = name.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, "_").replace(/^\.+/, "").trim();
  return safe.slice(-200) || "track";
}

/** Track id → file name, unique (case-insensitively) across `tracks`. */
export function exportFileNames(tracks: TrackDetails[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const track of tracks) {
    if (names.has(track.id)) continue;
    const base = cleaned(track.originalFilename);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const dot = base.lastIndexOf(".");
      name = dot > 0 ? `${base.slice(0, dot)} (${n})${base.slice(dot)}` : `${base} (${n})`;
    }
    taken.add(name.toLowerCase());
    names.set(track.id, name);
  }
  return names;
}
