/**
 * @module
 * Extended M3U (UTF-8, `.m3u8`): `#EXTINF:<seconds>,<artist> - <title>` then the file's path, relative
 * to the export folder's parent, one track after another in playlist order.
 */
import type { TrackDetails } from "./track_details.ts";
import { EXPORT_FOLDER, exportFileNames } from "./export_file_names.ts";

/** One line of text: no line breaks (they would start a new entry). */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ").trim();
}

export function toM3u8(name: string, tracks: TrackDetails[]): string {
  const files = exportFileNames(tracks);
  const lines = ["#EXTM3U", `#PLAYLIST:${oneLine(name)}`];
  for (const track of tracks) {
    const seconds = track.durationSeconds === null ? -1 : Math.round(track.durationSeconds);
    const label = track.artist ? `${track.artist} - ${track.title}` : track.title;
    lines.push(`#EXTINF:${seconds},${oneLine(label)}`, `${EXPORT_FOLDER}/${files.get(track.id)}`);
  }
  return `${lines.join("\n")}\n`;
}
