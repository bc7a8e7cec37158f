/**
 * @module
 * Where the samples of an uncompressed WAV or AIFF file are and how they are encoded, plus the typed error
 * every container parser throws.
 */

export interface PcmLayout {
  container: "wav" | "aiff";
  channels: number;
  sampleRate: number;
  bitsPerSample: 8 | 16 | 24 | 32 | 64;
  encoding: "int" | "float";
  /** AIFF's 8-bit samples are signed, WAV's are unsigned. */
  unsigned8: boolean;
  littleEndian: boolean;
  dataOffset: number;
  /** Whole frames available in the file (a truncated data chunk counts only what is there). */
  frames: number;
}

/** Bad, unsupported or truncated container data. The only error the parsers throw. */
export class AudioParseError extends Error {}

/** Limits that keep a hostile header from making the parsers loop or allocate without bound. */
export const PARSE_LIMITS = {
  maxChunks: 4096,
  maxChannels: 8,
  minSampleRate: 8000,
  maxSampleRate: 192000,
} as const;

export function bytesPerFrame(layout: PcmLayout): number {
  return (layout.bitsPerSample / 8) * layout.channels;
}

/** Checks the fields every container shares; throws {@link AudioParseError} naming the bad value. */
export function checkFormat(
  container: string,
  channels: number,
  sampleRate: number,
  bits: number,
  encoding: "int" | "float",
): void {
  if (channels < 1 || channels > PARSE_LIMITS.maxChannels) {
    throw new AudioParseError(
      `${container}: expected 1..${PARSE_LIMITS.maxChannels} channels, got ${channels}`,
    );
  }
  if (!(sampleRate >= PARSE_LIMITS.minSampleRate && sampleRate <= PARSE_LIMITS.maxSampleRate)) {
    throw new AudioParseError(`${container}: unsupported sample rate ${sampleRate}`);
  }
  const supported = encoding === "int" ? [8, 16, 24, 32] : [32, 64];
  if (!supported.includes(bits)) {
    throw new AudioParseError(`${container}: unsupported ${encoding} sample size ${bits} bits`);
  }
}
