/**
 * @module
 * One session's setlist: its tracks with start times, as a page and as two downloads — a CSV of the whole
 * setlist and a rights-society playlist (artist, title, duration, time played) for GEMA reporting.
 */
import { PageHeader } from "../../ui/components.tsx";
import { ScrollingTable } from "../../ui/table.tsx";
import { formatTime } from "../../ui/format.ts";
import { toCsv } from "./csv.ts";
import { formatDuration } from "./format.ts";
import { djStatsStyles } from "./styles.ts";

export interface SetlistEntry {
  startedAt: Date;
  deck: number;
  artist: string | null;
  title: string | null;
  bpm: number | null;
  key: string | null;
  playedSec: number;
  durationSec: number | null;
}

export interface Setlist {
  deviceId: string;
  sessionId: string;
  startedAt: Date;
  endedAt: Date | null;
  entries: SetlistEntry[];
}

const clock = (date: Date) => date.toISOString().slice(11, 19);
const stamp = (date: Date) => date.toISOString().slice(0, 16).replace(/[-:]/g, "").replace("T", "-");

/** `setlist-20261128-2200.csv` / `gema-playlist-20261128-2200.csv`. */
export function setlistFileName(kind: "setlist" | "gema-playlist", setlist: Setlist): string {
  return `${kind}-${stamp(setlist.startedAt)}.csv`;
}

export function setlistCsv(setlist: Setlist): string {
  return toCsv(
    ["Position", "Started (UTC)", "Artist", "Title", "Deck", "BPM", "Key", "Played"],
    setlist.entries.map((e, i) => [
      i + 1,
      formatTime(e.startedAt, "second").replace(" UTC", ""),
      e.artist,
      e.title,
      e.deck + 1,
      e.bpm === null ? null : Math.round(e.bpm * 10) / 10,
      e.key,
      formatDuration(e.playedSec),
    ]),
  );
}

/**
 * The rights-society playlist: one line per track played, with the track's own duration (what was
 * played when the tags give no length) and the date and time it started, in UTC.
 */
export function rightsSocietyCsv(setlist: Setlist): string {
  return toCsv(
    ["Artist", "Title", "Duration", "Time played (UTC)"],
    setlist.entries.map((e) => [
      e.artist ?? "Unknown artist",
      e.title ?? "Unknown title",
      formatDuration(e.durationSec ?? e.playedSec),
      formatTime(e.startedAt, "second").replace(" UTC", ""),
    ]),
  );
}

export function SetlistPage({ setlist, basePath }: { setlist: Setlist; basePath: string }) {
  return (
    <div class="dj-stats">
      <djStatsStyles.Link />
      <PageHeader
        title="Setlist"
        intro={`Session started ${formatTime(setlist.startedAt)}${
          setlist.endedAt ? `, ended ${formatTime(setlist.endedAt)}` : ""
        }.`}
      />
      <p class="actions">
        <a class="button" href={`${basePath}/setlist.csv`} download>Download setlist (CSV)</a>{" "}
        <a class="button button-quiet" href={`${basePath}/gema.csv`} download>
          Download GEMA playlist (CSV)
        </a>{" "}
        <a href="/dj-stats">Back to DJ Stats</a>
      </p>
      <section class="panel" aria-labelledby="tracks">
        <h2 id="tracks">{setlist.entries.length} tracks</h2>
        <ScrollingTable columns={["#", "Started", "Artist", "Title", "Deck", "BPM", "Key", "Played"]}>
          {setlist.entries.map((e, i) => (
            <tr data-testid="setlist-row">
              <td>{i + 1}</td>
              <td>{clock(e.startedAt)}</td>
              <td>{e.artist ?? "–"}</td>
              <td>{e.title ?? "–"}</td>
              <td>{e.deck + 1}</td>
              <td>{e.bpm === null ? "–" : Math.round(e.bpm)}</td>
              <td>{e.key ?? "–"}</td>
              <td>{formatDuration(e.playedSec)}</td>
            </tr>
          ))}
        </ScrollingTable>
      </section>
    </div>
  );
}
