/**
 * @module
 * A track's title, artist, album, genre, tempo, key and length as its tags say, for the decoder and
 * separation Workers.
 */
import { parseFile } from "music-metadata";

export interface TrackTags {
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string | null;
  /** TBPM (ID3) / BPM (Vorbis) as tagged by the DJ's library software. */
  bpm: number | null;
  /** TKEY / INITIALKEY as tagged: a key name ("F#m") or a Camelot / Open Key code. */
  key: string | null;
  /** Frames according to the tags reader (used for MP3, whose decoder cannot know the length up front). */
  frames: number | null;
}

/** Reads the tags of `path`; a file without readable tags gives nulls. */
export async function readTags(path: string): Promise<TrackTags> {
  try {
    const { common, format } = await parseFile(path, { skipCovers: true });
    const frames = format.numberOfSamples ??
      (format.duration && format.sampleRate ? Math.round(format.duration * format.sampleRate) : null);
    return {
      title: common.title ?? null,
      artist: common.artist ?? null,
      album: common.album ?? null,
      genre: common.genre?.[0] ?? null,
      bpm: typeof common.bpm === "number" && Number.isFinite(common.bpm) ? common.bpm : null,
      key: common.key ?? null,
      frames,
    };
  } catch {
    return { title: null, artist: null, album: null, genre: null, bpm: null, key: null, frames: null };
  }
}
