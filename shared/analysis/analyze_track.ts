/**
 * @module
 * The whole analysis of one audio file in a single decoding pass: duration, sample rate, tags, waveform
 * peaks, tempo folded into the DJ range with a confidence, the first beat, key, integrated loudness and
 * energy. Decoding goes through the same decoder the controller plays with (shared/audio/track_decoder.ts,
 * gapless MP3: the LAME header's encoder delay and padding are trimmed), so the beatgrid lands where the
 * controller's decks hear the beats.
 *
 * @example
 * ```ts
 * const analysis = await analyzeTrack("/music/track.mp3", { onProgress: (share) => console.log(share) });
 * console.log(analysis.bpm, analysis.key?.camelot, analysis.loudnessLufs);
 * ```
 */
import { PeakBuilder } from "../audio/peaks.ts";
import { AudioParseError } from "../audio/pcm_layout.ts";
import { openTrackDecoder } from "../audio/track_decoder.ts";
import { camelotCode, keyName, type Mode } from "./camelot.ts";
import { MonoDecimator } from "./decimator.ts";
import { energyRating } from "./energy.ts";
import { estimateKey } from "./key.ts";
import { LoudnessMeter } from "./loudness.ts";
import { onsetEnvelope } from "./onset_envelope.ts";
import { readTrackTags, type TrackTags } from "./tags.ts";
import { estimateTempo } from "./tempo.ts";

export interface TrackAnalysis {
  format: "wav" | "aiff" | "mp3" | "flac";
  durationSeconds: number;
  sampleRate: number;
  channels: number;
  tags: TrackTags;
  waveform: { pointsPerSecond: number; peaks: number[] };
  /** Folded into the DJ range; null when the track has no steady beat. */
  bpm: number | null;
  bpmConfidence: number;
  /** Time of the first beat of the grid in seconds (the grid extends from it at 60 / bpm). */
  firstBeatSeconds: number | null;
  key: { tonic: number; mode: Mode; name: string; camelot: string; confidence: number } | null;
  loudnessLufs: number | null;
  energy: number;
}

export interface AnalyzeOptions {
  /** Called with the share decoded so far (0..1), at most every few hundred milliseconds of audio. */
  onProgress?: (share: number) => void;
  signal?: AbortSignal;
  /** Waveform resolution; the track page zooms to about this. */
  pointsPerSecond?: number;
}

/** Rate the tempo and key stages run at: enough for kicks, hats and the harmony below 2 kHz. */
const ANALYSIS_RATE = 11025;
/** Tempo and key look at the first 20 minutes; loudness, peaks and duration cover the whole file. */
const MAX_ANALYSED_SECONDS = 20 * 60;
/** A decoder bomb (a tiny file declaring hours of audio) stops here. */
export const MAX_TRACK_SECONDS = 3 * 60 * 60;

export async function analyzeTrack(path: string, options: AnalyzeOptions = {}): Promise<TrackAnalysis> {
  const pointsPerSecond = options.pointsPerSecond ?? 20;
  const tags = await readTrackTags(path);
  const decoder = await openTrackDecoder(path);
  try {
    const { sampleRate, channels } = decoder;
    const loudness = new LoudnessMeter(sampleRate, channels);
    const framesPerPoint = Math.max(1, Math.round(sampleRate / pointsPerSecond));
    const peaks = new PeakBuilder(framesPerPoint);
    const points: number[] = [];
    const mono = new MonoDecimator(sampleRate, ANALYSIS_RATE, MAX_ANALYSED_SECONDS);
    const maxFrames = MAX_TRACK_SECONDS * sampleRate;
    let frames = 0;
    let reported = 0;
    for (let chunk = await decoder.next(); chunk; chunk = await decoder.next()) {
      options.signal?.throwIfAborted();
      loudness.push(chunk.channelData, chunk.frames);
      for (const point of peaks.push(chunk.channelData, chunk.frames)) points.push(point);
      mono.push(chunk.channelData, chunk.frames);
      frames += chunk.frames;
      if (frames > maxFrames) {
        throw new AudioParseError(`audio longer than ${MAX_TRACK_SECONDS / 3600} hours`);
      }
      if (options.onProgress && frames - reported >= sampleRate) {
        reported = frames;
        options.onProgress(Math.min(1, decoder.progress()));
      }
    }
    points.push(...peaks.flush());
    if (frames === 0) throw new AudioParseError("the file holds no audio frames");
    const signal = mono.samples();
    const envelope = onsetEnvelope(signal, mono.rate);
    const tempo = estimateTempo(envelope);
    const key = estimateKey(signal, mono.rate);
    const lufs = loudness.integrated();
    const durationSeconds = frames / sampleRate;
    const onsetRate = envelope.values.reduce((a, b) => a + b, 0) / Math.max(1, signal.length / mono.rate);
    const firstBeat = tempo ? shiftBeat(tempo.firstBeatSeconds - mono.delaySeconds, 60 / tempo.bpm) : null;
    return {
      format: decoder.format,
      durationSeconds,
      sampleRate,
      channels,
      tags: { ...tags, durationSeconds: tags.durationSeconds ?? durationSeconds },
      waveform: {
        pointsPerSecond: sampleRate / framesPerPoint,
        peaks: points.map((p) => Math.round(p * 1000) / 1000),
      },
      bpm: tempo ? Math.round(tempo.bpm * 100) / 100 : null,
      bpmConfidence: tempo?.confidence ?? 0,
      firstBeatSeconds: firstBeat,
      key: key ? { ...key, name: keyName(key), camelot: camelotCode(key) } : null,
      loudnessLufs: lufs === null ? null : Math.round(lufs * 10) / 10,
      energy: energyRating({ lufs, onsetRate, bpm: tempo?.bpm ?? null }),
    };
  } finally {
    decoder.close();
  }
}

/** Moves a beat time into [0, beat) (the filter delay can push it just below zero). */
function shiftBeat(seconds: number, beat: number): number {
  return ((seconds % beat) + beat) % beat;
}
