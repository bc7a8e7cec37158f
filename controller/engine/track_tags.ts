/**
 * @module
 * A track's title, artist, album and length as its tags say, for the decoder and separation Workers.
 */
import { parseFile } from "music-metadata";

export interface TrackTags {
  title: string | null;
  artist: string | null;
  album: string | null;
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
      frames,
    };
  } catch {
    return { title: null, artist: null, album: null, frames: null };
  }
}
