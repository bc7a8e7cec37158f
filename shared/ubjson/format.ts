/**
 * @module
 * The byte-level choices of Universal Audio's UBJSON dialect, in one place.
 *
 * UA's encoder deviates from the UBJSON specification in two ways that matter on the wire:
 * multi-byte integers are little-endian, and object keys carry no `S` marker (just a typed length and
 * the UTF-8 bytes). Float64 values are written big-endian as the specification says; the protocol
 * reference keeps that order, so it lives in {@link FLOAT64_LITTLE_ENDIAN} and nowhere else.
 */

/** Integer byte order (`I`, `l`, `L`): little-endian in UA's dialect. */
export const INTEGERS_LITTLE_ENDIAN = true;
/** Float byte order (`D`, `d`): big-endian per the protocol reference. */
export const FLOAT64_LITTLE_ENDIAN = false;

export const MARKER = {
  null: 0x5a, // Z
  noop: 0x4e, // N
  true: 0x54, // T
  false: 0x46, // F
  int8: 0x69, // i
  uint8: 0x55, // U
  int16: 0x49, // I
  int32: 0x6c, // l
  int64: 0x4c, // L
  float32: 0x64, // d
  float64: 0x44, // D
  highPrecision: 0x48, // H
  char: 0x43, // C
  string: 0x53, // S
  objectStart: 0x7b, // {
  objectEnd: 0x7d, // }
  arrayStart: 0x5b, // [
  arrayEnd: 0x5d, // ]
  count: 0x23, // #
  type: 0x24, // $
} as const;

/** Thrown for malformed input; says what was expected and at which byte. */
export class UbjsonError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at byte ${offset}`);
    this.name = "UbjsonError";
  }
}
