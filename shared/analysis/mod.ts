/**
 * @module
 * Track analysis for the cloud library and the controller: one call decodes a file and returns its
 * duration, tags, waveform, tempo, beatgrid, key (standard and Camelot), loudness and energy.
 *
 * @example
 * ```ts
 * import { analyzeTrack } from "../shared/analysis/mod.ts";
 * const analysis = await analyzeTrack("/music/track.flac");
 * ```
 */
export { type AnalyzeOptions, analyzeTrack, MAX_TRACK_SECONDS, type TrackAnalysis } from "./analyze_track.ts";
export {
  camelotCode,
  compatibleCamelotCodes,
  keyName,
  mirexKeyScore,
  type Mode,
  type MusicalKey,
  parseCamelot,
} from "./camelot.ts";
export { DJ_BPM_RANGE, foldBpm } from "./tempo.ts";
export { type Artwork, MAX_ARTWORK_BYTES, readTrackTags, type TrackTags } from "./tags.ts";
