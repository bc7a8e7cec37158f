/**
 * @module
 * rekordbox XML (`DJ_PLAYLISTS` 1.0.0), the library format rekordbox, and through it most DJ software,
 * imports: a COLLECTION of TRACKs with BPM (`AverageBpm`), key (`Tonality`), the beatgrid as one TEMPO
 * anchored at the first beat (`Inizio`), cue points as POSITION_MARK Type 0 (the first eight as hot
 * cues A–H, `Num` 0–7, the rest as memory cues, `Num` -1) and loops as Type 4 with an `End`; then
 * PLAYLISTS whose entries point at `TrackID`s.
 */
import type { TrackDetails } from "./track_details.ts";
import { EXPORT_FOLDER, exportFileNames } from "./export_file_names.ts";

export interface ExportPlaylist {
  name: string;
  trackIds: string[];
}

const HOT_CUES = 8;

const KIND: Record<string, string> = {
  mp3: "MP3 File",
  wav: "WAV File",
  flac: "FLAC File",
  aiff: "AIFF File",
};

/** Text as an XML attribute value; characters XML 1.0 cannot carry are dropped. */
export function xmlAttribute(text: string): string {
  return text
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}

function attributes(values: Record<string, string | number | null | undefined>): string {
  return Object.entries(values)
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join("");
}

/** A file URI for rekordbox: `file://localhost/` and the percent-encoded relative path. */
function location(fileName: string): string {
  return `file://localhost/${[EXPORT_FOLDER, fileName].map(encodeURIComponent).join("/")}`;
}

function seconds(value: number): string {
  return value.toFixed(3);
}

function trackElement(track: TrackDetails, trackId: number, fileName: string): string {
  const head = `    <TRACK${
    attributes({
      TrackID: trackId,
      Name: track.title,
      Artist: track.artist,
      Album: track.album,
      Genre: track.genre,
      Kind: KIND[track.format] ?? "Audio File",
      Size: track.sizeBytes,
      TotalTime: track.durationSeconds === null ? null : Math.round(track.durationSeconds),
      Year: track.year,
      AverageBpm: track.bpm === null ? null : track.bpm.toFixed(2),
      DateAdded: track.createdAt.toISOString().slice(0, 10),
      SampleRate: track.sampleRate,
      Tonality: track.keyName,
      Location: location(fileName),
    })
  }`;
  const children: string[] = [];
  if (track.bpm !== null) {
    children.push(
      `      <TEMPO${
        attributes({
          Inizio: seconds(track.firstBeatSeconds ?? 0),
          Bpm: track.bpm.toFixed(2),
          Metro: "4/4",
          Battito: 1,
        })
      }/>`,
    );
  }
  track.marks.cuePoints.forEach((cue, i) => {
    children.push(
      `      <POSITION_MARK${
        attributes({ Name: cue.name ?? "", Type: 0, Start: seconds(cue.time), Num: i < HOT_CUES ? i : -1 })
      }/>`,
    );
  });
  for (const loop of track.marks.loops) {
    children.push(
      `      <POSITION_MARK${
        attributes({
          Name: loop.name ?? "",
          Type: 4,
          Start: seconds(loop.start),
          End: seconds(loop.end),
          Num: -1,
        })
      }/>`,
    );
  }
  return children.length ? `${head}>\n${children.join("\n")}\n    </TRACK>` : `${head}/>`;
}

/**
 * The collection `tracks` and the given playlists (their ids outside `tracks` are skipped).
 *
 * @example
 * toRekordboxXml(tracks, [{ name: "Warm-up", trackIds: tracks.map((t) => t.id) }]);
 */
export function toRekordboxXml(tracks: TrackDetails[], playlists: ExportPlaylist[]): string {
  const files = exportFileNames(tracks);
  const numbers = new Map(tracks.map((track, i) => [track.id, i + 1]));
  const collection = tracks.map((track) => trackElement(track, numbers.get(track.id)!, files.get(track.id)!));
  const nodes = playlists.map((playlist) => {
    const keys = playlist.trackIds.flatMap((id) => numbers.has(id) ? [numbers.get(id)!] : []);
    const entries = keys.map((key) => `        <TRACK Key="${key}"/>`);
    const open = `      <NODE${
      attributes({ Name: playlist.name, Type: 1, KeyType: 0, Entries: keys.length })
    }`;
    return entries.length ? `${open}>\n${entries.join("\n")}\n      </NODE>` : `${open}/>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<DJ_PLAYLISTS Version="1.0.0">`,
    `  <PRODUCT Name="MIXERA Cloud" Version="1.0" Company="MIXERA"/>`,
    `  <COLLECTION Entries="${tracks.length}">`,
    ...collection,
    `  </COLLECTION>`,
    `  <PLAYLISTS>`,
    `    <NODE Type="0" Name="ROOT" Count="${playlists.length}">`,
    ...nodes,
    `    </NODE>`,
    `  </PLAYLISTS>`,
    `</DJ_PLAYLISTS>`,
    "",
  ].join("\n");
}
