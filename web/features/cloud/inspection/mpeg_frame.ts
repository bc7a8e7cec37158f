/**
 * @module
 * MPEG audio (MP1/2/3) frame headers: enough to walk an MP3 frame by frame and to read the Xing/Info
 * header a VBR encoder puts in the first frame.
 */

export interface MpegFrameHeader {
  /** Whole frame length in bytes, header included. */
  length: number;
  sampleRate: number;
  samplesPerFrame: number;
  /** Offset of the side information's end (where a Xing/Info tag starts), from the frame start. */
  xingOffset: number;
}

const BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const SAMPLE_RATES = [44100, 48000, 32000];

/** The layer III frame header at `at`, or null when the four bytes are not one. */
export function parseMpegFrameHeader(bytes: Uint8Array, at: number): MpegFrameHeader | null {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (bytes[at + 1] >> 3) & 0x03; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
  const layer = (bytes[at + 1] >> 1) & 0x03; // 1 = layer III
  const bitrateIndex = bytes[at + 2] >> 4;
  const rateIndex = (bytes[at + 2] >> 2) & 0x03;
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) {
    return null;
  }
  const mpeg1 = version === 3;
  const sampleRate = SAMPLE_RATES[rateIndex] / (mpeg1 ? 1 : version === 2 ? 2 : 4);
  const bitrate = (mpeg1 ? BITRATES_V1_L3 : BITRATES_V2_L3)[bitrateIndex] * 1000;
  const samplesPerFrame = mpeg1 ? 1152 : 576;
  const padding = (bytes[at + 2] >> 1) & 0x01;
  const mono = (bytes[at + 3] >> 6) === 3;
  const length = Math.floor((samplesPerFrame / 8) * bitrate / sampleRate) + padding;
  const sideInfo = mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17);
  return { length, sampleRate, samplesPerFrame, xingOffset: 4 + sideInfo };
}

/** The frame count a Xing/Info header declares, or null when the frame carries none. */
export function readXingFrames(
  bytes: Uint8Array,
  frameStart: number,
  header: MpegFrameHeader,
): number | null {
  const at = frameStart + header.xingOffset;
  if (at + 12 > bytes.length) return null;
  const tag = String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag !== "Xing" && tag !== "Info") return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, 12);
  return view.getUint32(4) & 0x01 ? view.getUint32(8) : null;
}
