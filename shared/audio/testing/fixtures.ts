/**
 * @module
 * Builds WAV and AIFF files in memory for tests (fixtures are generated, never committed).
 */

export interface FixtureOptions {
  sampleRate: number;
  /** One array per channel of integer sample values in the bit depth's range (floats for `float`). */
  channels: ArrayLike<number>[];
  bits: 8 | 16 | 24 | 32;
  float?: boolean;
}

function writeAscii(view: DataView, offset: number, text: string): void {
  for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
}

function writeSample(
  view: DataView,
  at: number,
  value: number,
  bits: number,
  float: boolean,
  little: boolean,
) {
  if (float) view.setFloat32(at, value, little);
  else if (bits === 8) view.setUint8(at, little ? value + 128 : value & 0xff);
  else if (bits === 16) view.setInt16(at, value, little);
  else if (bits === 32) view.setInt32(at, value, little);
  else {
    const bytes = [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff];
    if (!little) bytes.reverse();
    bytes.forEach((b, i) => view.setUint8(at + i, b));
  }
}

function frameCount(options: FixtureOptions): number {
  return options.channels[0]?.length ?? 0;
}

/** A canonical RIFF/WAVE file (format 1, or 3 for float) with an extra `LIST` chunk before `data`. */
export function encodeWav(options: FixtureOptions): Uint8Array {
  const { channels, bits, sampleRate } = options;
  const float = options.float ?? false;
  const frames = frameCount(options);
  const dataBytes = frames * channels.length * (bits / 8);
  const list = 12;
  const bytes = new Uint8Array(12 + 24 + 8 + list + 8 + dataBytes + (dataBytes & 1));
  const view = new DataView(bytes.buffer);
  writeAscii(view, 0, "RIFF");
  view.setUint32(4, bytes.length - 8, true);
  writeAscii(view, 8, "WAVE");
  writeAscii(view, 12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, float ? 3 : 1, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels.length * (bits / 8), true);
  view.setUint16(32, channels.length * (bits / 8), true);
  view.setUint16(34, bits, true);
  writeAscii(view, 36, "LIST");
  view.setUint32(40, list, true);
  writeAscii(view, 44, "INFOtest");
  writeAscii(view, 56, "data");
  view.setUint32(60, dataBytes, true);
  let at = 64;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channels) {
      writeSample(view, at, channel[frame], bits, float, true);
      at += bits / 8;
    }
  }
  return bytes;
}

function writeExtended80(view: DataView, offset: number, value: number): void {
  const exponent = Math.floor(Math.log2(value));
  const mantissa = value / 2 ** exponent;
  view.setUint16(offset, exponent + 16383);
  const high = Math.floor(mantissa * 2 ** 31);
  view.setUint32(offset + 2, high);
  view.setUint32(offset + 6, Math.floor((mantissa * 2 ** 31 - high) * 2 ** 32));
}

/** An AIFF file (or AIFF-C `sowt` little-endian when `littleEndian`), big-endian by default. */
export function encodeAiff(options: FixtureOptions & { littleEndian?: boolean }): Uint8Array {
  const { channels, bits, sampleRate } = options;
  const little = options.littleEndian ?? false;
  const frames = frameCount(options);
  const dataBytes = frames * channels.length * (bits / 8);
  const commBytes = little ? 24 : 18;
  const bytes = new Uint8Array(12 + 8 + commBytes + 8 + 8 + dataBytes + (dataBytes & 1));
  const view = new DataView(bytes.buffer);
  writeAscii(view, 0, "FORM");
  view.setUint32(4, bytes.length - 8);
  writeAscii(view, 8, little ? "AIFC" : "AIFF");
  writeAscii(view, 12, "COMM");
  view.setUint32(16, commBytes);
  view.setUint16(20, channels.length);
  view.setUint32(22, frames);
  view.setUint16(26, bits);
  writeExtended80(view, 28, sampleRate);
  if (little) {
    writeAscii(view, 38, "sowt");
    writeAscii(view, 42, "\0\0");
  }
  const ssnd = 20 + commBytes;
  writeAscii(view, ssnd, "SSND");
  view.setUint32(ssnd + 4, dataBytes + 8);
  let at = ssnd + 16;
  for (let frame = 0; frame < frames; frame++) {
    for (const channel of channels) {
      writeSample(view, at, channel[frame], bits, false, little);
      at += bits / 8;
    }
  }
  return bytes;
}

/** A deterministic test signal: a sine sweep with a little pseudo-random noise, as 16-bit integers. */
export function testSignal16(frames: number, seed = 1): Int16Array {
  const out = new Int16Array(frames);
  let state = seed >>> 0;
  for (let i = 0; i < frames; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const noise = (state / 2 ** 32 - 0.5) * 2000;
    out[i] = Math.round(Math.sin(i * (0.01 + i * 1e-7)) * 20000 + noise);
  }
  return out;
}
