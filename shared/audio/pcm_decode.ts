/**
 * @module
 * Converts interleaved integer or float sample bytes (as described by a {@link PcmLayout}) into one
 * Float32Array per channel, scaled to -1..1 (integers divided by 2^(bits-1), so 16-bit audio survives a
 * round trip bit-exactly).
 */
import type { PcmLayout } from "./pcm_layout.ts";

/**
 * Decodes `frames` whole frames from `bytes` into `out[channel][outOffset ...]`.
 * `bytes` must hold at least `frames * bytesPerFrame(layout)` bytes.
 */
export function decodePcmFrames(
  bytes: Uint8Array,
  layout: PcmLayout,
  frames: number,
  out: Float32Array[],
  outOffset = 0,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const little = layout.littleEndian;
  const channels = layout.channels;
  const size = layout.bitsPerSample / 8;
  const read = sampleReader(layout, view, little);
  for (let frame = 0; frame < frames; frame++) {
    const base = frame * channels * size;
    for (let channel = 0; channel < channels; channel++) {
      out[channel][outOffset + frame] = read(base + channel * size);
    }
  }
}

function sampleReader(layout: PcmLayout, view: DataView, little: boolean): (at: number) => number {
  if (layout.encoding === "float") {
    return layout.bitsPerSample === 32
      ? (at) => view.getFloat32(at, little)
      : (at) => view.getFloat64(at, little);
  }
  switch (layout.bitsPerSample) {
    case 8:
      return layout.unsigned8 ? (at) => (view.getUint8(at) - 128) / 128 : (at) => view.getInt8(at) / 128;
    case 16:
      return (at) => view.getInt16(at, little) / 32768;
    case 24:
      return little
        ? (
          at,
        ) => ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608)
        : (
          at,
        ) => ((view.getUint8(at + 2) | (view.getUint8(at + 1) << 8) | (view.getInt8(at) << 16)) / 8388608);
    default:
      return (at) => view.getInt32(at, little) / 2147483648;
  }
}
