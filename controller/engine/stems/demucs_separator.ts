/**
 * @module
 * The `demucs` tier: an HTDemucs model exported to ONNX, run through onnxruntime on the CPU. The model
 * takes one waveform tensor `[1, 2, segment]` (44.1 kHz stereo) and returns `[1, 4, 2, segment]`, its
 * sources in the order the export names them (HTDemucs: drums, bass, other, vocals). The track is cut into
 * segments overlapping by a quarter, which are cross-faded back together; `other` is the residual, so
 * the stems still sum to the mix. The operator provides the model file: none ships with the controller.
 */
import { openSession, type OrtModule } from "./onnx_runtime.ts";
import {
  type ProgressReporter,
  STEM_NAMES,
  type StemName,
  type Stems,
  type StereoMix,
  stereoOf,
  withResidualOther,
} from "./stem_set.ts";

export const DEMUCS_SAMPLE_RATE = 44100;
/** HTDemucs' training segment (7.8 s at 44.1 kHz), used when the model does not fix its input length. */
export const DEFAULT_SEGMENT_FRAMES = 343_980;
export const HTDEMUCS_SOURCES: readonly StemName[] = ["drums", "bass", "other", "vocals"];

export interface DemucsOptions {
  modelPath: string;
  /** Input length when the model's is dynamic. */
  segmentFrames?: number;
  /** The model's output sources in order. */
  sources?: readonly StemName[];
}

/** The input length a session fixes in its last input dimension, or null when it is dynamic. */
export function fixedSegmentFrames(
  session: { inputMetadata?: readonly { shape?: readonly (number | string)[] }[] },
) {
  const last = session.inputMetadata?.[0]?.shape?.at(-1);
  return typeof last === "number" && last > 0 ? last : null;
}

/** Weights of one segment for the cross-fade: rising over the first overlap, falling over the last. */
function crossfadeWeights(segment: number, overlap: number): Float32Array {
  const weights = new Float32Array(segment);
  for (let i = 0; i < segment; i++) {
    weights[i] = Math.min(1, (i + 1) / (overlap + 1), (segment - i) / (overlap + 1));
  }
  return weights;
}

export async function separateDemucs(
  mix: StereoMix,
  runtime: OrtModule,
  options: DemucsOptions,
  progress: ProgressReporter = () => {},
): Promise<Stems> {
  if (mix.sampleRate !== DEMUCS_SAMPLE_RATE) {
    throw new Error(
      `the demucs tier needs ${DEMUCS_SAMPLE_RATE} Hz audio, this track is ${mix.sampleRate} Hz`,
    );
  }
  const sources = options.sources ?? HTDEMUCS_SOURCES;
  const session = await openSession(runtime, options.modelPath);
  try {
    const segment = fixedSegmentFrames(session) ?? options.segmentFrames ?? DEFAULT_SEGMENT_FRAMES;
    const overlap = Math.floor(segment / 4);
    const step = segment - overlap;
    const frames = mix.channels[0].length;
    const sums = STEM_NAMES.map(() => stereoOf(frames));
    const weightSums = new Float32Array(frames);
    const weights = crossfadeWeights(segment, overlap);
    const input = new Float32Array(2 * segment);
    const starts = Math.max(1, Math.ceil(Math.max(0, frames - overlap) / step));
    for (let n = 0; n < starts; n++) {
      const start = n * step;
      const count = Math.min(segment, frames - start);
      input.fill(0);
      input.set(mix.channels[0].subarray(start, start + count), 0);
      input.set(mix.channels[1].subarray(start, start + count), segment);
      const outputs = await session.run({
        [session.inputNames[0]]: new runtime.Tensor("float32", input, [1, 2, segment]),
      });
      const output = outputs[session.outputNames[0]];
      const data = output.data as Float32Array;
      if (!(data instanceof Float32Array) || data.length !== sources.length * 2 * segment) {
        throw new Error(
          `the model returned shape [${
            output.dims.join(", ")
          }], expected [1, ${sources.length}, 2, ${segment}]`,
        );
      }
      sources.forEach((name, source) => {
        const stem = sums[STEM_NAMES.indexOf(name)];
        for (let c = 0; c < 2; c++) {
          const offset = (source * 2 + c) * segment;
          const target = stem[c];
          for (let i = 0; i < count; i++) target[start + i] += data[offset + i] * weights[i];
        }
      });
      for (let i = 0; i < count; i++) weightSums[start + i] += weights[i];
      progress((n + 1) / starts);
    }
    for (const stem of sums) {
      for (const channel of stem) for (let i = 0; i < frames; i++) channel[i] /= weightSums[i];
    }
    return withResidualOther(mix, sums[0], sums[1], sums[2]);
  } finally {
    await session.release?.();
  }
}
