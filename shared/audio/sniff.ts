/**
 * @module
 * Recognises the audio formats the engine plays from the first bytes of a file.
 */

export type AudioFormat = "wav" | "aiff" | "mp3" | "flac";

/** How many leading bytes {@link sniffFormat} wants (it also accepts fewer). */
export const SNIFF_BYTES = 16;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/**
 * The format of a file from its first bytes, or null when unknown. An ID3v2 tag means MP3 here (the
 * tag size is not followed, so a FLAC with a leading ID3 tag is detected by the decoder failing).
 */
export function sniffFormat(head: Uint8Array): AudioFormat | null {
  if (head.length >= 12 && ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WAVE") return "wav";
  if (head.length >= 12 && ascii(head, 0, 4) === "FORM" && /^AIF[FC]$/.test(ascii(head, 8, 4))) return "aiff";
  if (head.length >= 4 && ascii(head, 0, 4) === "fLaC") return "flac";
  if (head.length >= 3 && ascii(head, 0, 3) === "ID3") return "mp3";
  // MPEG audio frame sync (11 bits) with layer III.
  if (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) === 0x02) {
    return "mp3";
  }
  return null;
}
