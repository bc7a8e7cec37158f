/**
 * @module MIXEY's cloud tool: tracks in the MIXERA Cloud library, storage used against the quota, and
 * uploads still running, read through the cloud library's own queries.
 */
import {
  DEFAULT_LIBRARY_QUERY,
  formatSize,
  libraryGenres,
  listLibraryTracks,
  storageUsage,
} from "../../cloud/mod.ts";
import { plural, type TopicAnswer } from "../facts.ts";
import type { ToolContext } from "../tool_context.ts";

/** The storage bar's way of writing a size, except that nothing is "0 KB" rather than its minimum "1 KB". */
function formatBytes(bytes: number): string {
  return bytes === 0 ? "0 KB" : formatSize(bytes);
}

export async function cloudAnswer({ db, user }: ToolContext): Promise<TopicAnswer> {
  const [usage, page, genres] = await Promise.all([
    storageUsage(db, user.id),
    listLibraryTracks(db, user.id, { ...DEFAULT_LIBRARY_QUERY, pageSize: 1 }),
    libraryGenres(db, user.id),
  ]);
  const used = usage.usedBytes + usage.reservedBytes;
  const percent = usage.quotaBytes > 0 ? Math.round((used / usage.quotaBytes) * 100) : 0;
  const free = Math.max(0, usage.quotaBytes - used);
  const facts = [
    { label: "Tracks in your library", value: String(page.total), href: "/cloud" },
    {
      label: "Storage used",
      value: `${formatBytes(used)} of ${formatBytes(usage.quotaBytes)} (${percent} %)`,
      href: "/cloud",
    },
    { label: "Storage free", value: formatBytes(free), href: "/cloud" },
  ];
  if (usage.reservedBytes > 0) {
    facts.push({
      label: "Reserved by running uploads",
      value: formatBytes(usage.reservedBytes),
      href: "/cloud",
    });
  }
  if (genres.length > 0) {
    facts.push({ label: "Genres", value: genres.slice(0, 8).join(", "), href: "/cloud" });
  }
  return {
    topic: "cloud",
    text: `Your MIXERA Cloud library holds ${plural(page.total, "track")} and uses ${formatBytes(used)} of ` +
      `${formatBytes(usage.quotaBytes)} (${percent} %), so ${formatBytes(free)} are free.` +
      (usage.reservedBytes > 0 ? ` Uploads still running reserve ${formatBytes(usage.reservedBytes)}.` : "") +
      (genres.length > 0 ? ` Genres: ${genres.slice(0, 8).join(", ")}.` : ""),
    facts,
  };
}
