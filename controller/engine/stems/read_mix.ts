/**
 * @module
 * Decodes a whole track into the stereo float mix a separator reads (mono is doubled to both sides), plus
 * the tags the stem cache keeps. For the separation Worker; the decks stream instead.
 */
import { AudioParseError } from "../../../shared/audio/pcm_layout.ts";
import { openTrackDecoder } from "../../../shared/audio/track_decoder.ts";
import { readTags } from "../track_tags.ts";
import type { StemFileMeta } from "./stem_file.ts";
import type { ProgressReporter, StereoMix } from "./stem_set.ts";

/**
 * Longest track the separation Worker takes: a separation holds the mix and the stems as floats, about
 * 48 bytes per frame (1.9 GB for 15 minutes at 44.1 kHz).
 */
export const MAX_SEPARATION_SECONDS = 15 * 60;

function concat(chunks: Float32Array[], frames: number): Float32Array {
  const out = new Float32Array(frames);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export async function readMix(
  path: string,
  progress: ProgressReporter = () => {},
): Promise<{ mix: StereoMix; meta: StemFileMeta }> {
  const decoder = await openTrackDecoder(path);
  try {
    if (decoder.channels > 2) {
      throw new AudioParseError(`expected a mono or stereo track, got ${decoder.channels} channels`);
    }
    const tags = await readTags(path);
    const chunks: Float32Array[][] = [[], []];
    let frames = 0;
    for (let chunk = await decoder.next(); chunk; chunk = await decoder.next()) {
      for (let c = 0; c < decoder.channels; c++) chunks[c].push(chunk.channelData[c].slice(0, chunk.frames));
      frames += chunk.frames;
      if (frames > MAX_SEPARATION_SECONDS * decoder.sampleRate) {
        throw new AudioParseError(
          `the track is longer than ${MAX_SEPARATION_SECONDS / 60} minutes, too long to separate`,
        );
      }
      progress(decoder.progress());
    }
    if (frames === 0) throw new AudioParseError("the track holds no audio");
    const left = concat(chunks[0], frames);
    const right = decoder.channels === 2 ? concat(chunks[1], frames) : left;
    return {
      mix: { sampleRate: decoder.sampleRate, channels: [left, right] },
      meta: {
        path,
        title: tags.title,
        artist: tags.artist,
        album: tags.album,
        format: decoder.format,
        sourceSampleRate: decoder.sampleRate,
        channels: decoder.channels,
      },
    };
  } finally {
    decoder.close();
  }
}
