/**
 * @module
 * Tags a generated WAV the way DJ library software does: an ID3v2.3 tag in an `id3 ` RIFF chunk
 * after the audio, with text frames such as TIT2 (title), TPE1 (artist), TCON (genre), TBPM and TKEY.
 *
 * @example
 * ```ts
 * const tagged = withId3Chunk(encodeWav(options), { TIT2: "Night Drive", TBPM: "124", TKEY: "Am" });
 * ```
 */

/** An ID3v2.3 tag of Latin-1 text frames. */
export function id3v2Tag(frames: Record<string, string>): Uint8Array {
  const encoded = Object.entries(frames).map(([id, text]) => {
    if (!/^[A-Z0-9]{4}$/.test(id)) throw new Error(`expected a four-character frame id, got ${id}`);
    const frame = new Uint8Array(10 + 1 + text.length);
    const view = new DataView(frame.buffer);
    for (let i = 0; i < 4; i++) frame[i] = id.charCodeAt(i);
    view.setUint32(4, 1 + text.length);
    frame[10] = 0; // Latin-1
    for (let i = 0; i < text.length; i++) frame[11 + i] = text.charCodeAt(i) & 0xff;
    return frame;
  });
  const size = encoded.reduce((sum, frame) => sum + frame.length, 0);
  const tag = new Uint8Array(10 + size);
  tag.set([0x49, 0x44, 0x33, 3, 0, 0]);
  // The tag size is "syncsafe": seven bits per byte.
  tag.set([(size >> 21) & 0x7f, (size >> 14) & 0x7f, (size >> 7) & 0x7f, size & 0x7f], 6);
  let at = 10;
  for (const frame of encoded) {
    tag.set(frame, at);
    at += frame.length;
  }
  return tag;
}

/** `wav` with an `id3 ` chunk holding `frames` appended, and the RIFF size updated. */
export function withId3Chunk(wav: Uint8Array, frames: Record<string, string>): Uint8Array {
  const tag = id3v2Tag(frames);
  const padded = tag.length + (tag.length & 1);
  const out = new Uint8Array(wav.length + 8 + padded);
  out.set(wav);
  const view = new DataView(out.buffer);
  out.set([0x69, 0x64, 0x33, 0x20], wav.length); // "id3 "
  view.setUint32(wav.length + 4, tag.length, true);
  out.set(tag, wav.length + 8);
  view.setUint32(4, out.length - 8, true);
  return out;
}
