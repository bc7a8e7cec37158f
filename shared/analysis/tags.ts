/**
 * @module
 * Tags with `music-metadata`: title, artist, album, genre, year and the front cover, read from the file's
 * own tag blocks (ID3, Vorbis comments, RIFF INFO, AIFF ID3). Unreadable tags are not an error: a track
 * without them is still a track.
 *
 * @example
 * ```ts
 * const tags = await readTrackTags("/music/track.flac");
 * console.log(tags.title, tags.artwork?.type);
 * ```
 */
import { parseFile } from "music-metadata";

export interface Artwork {
  /** Content type of the picture, e.g. `image/jpeg`. */
  type: string;
  data: Uint8Array;
}

export interface TrackTags {
  title: string | null;
  artist: string | null;
  album: string | null;
  genre: string | null;
  year: number | null;
  artwork: Artwork | null;
  /** The length according to the container, when it states one (MP3's Xing/LAME header, for example). */
  durationSeconds: number | null;
}

/** Pictures larger than this are left out (a tag can declare anything; the library shows a thumbnail). */
export const MAX_ARTWORK_BYTES = 2 * 1024 * 1024;
const MAX_TEXT = 500;

const text = (value: string | undefined | null) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, MAX_TEXT) : null;
};

export async function readTrackTags(path: string): Promise<TrackTags> {
  try {
    const { common, format } = await parseFile(path, { duration: false });
    const cover = common.picture?.find((picture) => /front/i.test(picture.type ?? "")) ?? common.picture?.[0];
    const artwork = cover && cover.data.length <= MAX_ARTWORK_BYTES && /^image\/[a-z+.-]+$/.test(cover.format)
      ? { type: cover.format, data: new Uint8Array(cover.data) }
      : null;
    return {
      title: text(common.title),
      artist: text(common.artist),
      album: text(common.album),
      genre: text(common.genre?.join(", ")),
      year: common.year && common.year > 0 && common.year < 10000 ? common.year : null,
      artwork,
      durationSeconds: format.duration && Number.isFinite(format.duration) ? format.duration : null,
    };
  } catch {
    return {
      title: null,
      artist: null,
      album: null,
      genre: null,
      year: null,
      artwork: null,
      durationSeconds: null,
    };
  }
}
