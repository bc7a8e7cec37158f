/**
 * @module Honours the EXIF orientation of JPEG photos. Phones store pixels as the sensor saw them and
 * record the camera's rotation in EXIF; re-encoding drops the EXIF block, so the rotation has to be
 * applied to the pixels first or portraits would come out sideways.
 */
import { Image } from "imagescript";

/** EXIF orientation 1 to 8 (1 = as stored); 1 when the file says nothing or says it badly. */
export function readJpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1];
    if (marker === 0xda || marker === 0xd9) break;
    const length = view.getUint16(offset + 2);
    if (length < 2) break;
    if (marker === 0xe1 && isExifHeader(bytes, offset + 4)) {
      return orientationFromTiff(view, offset + 10, Math.min(bytes.length, offset + 2 + length));
    }
    offset += 2 + length;
  }
  return 1;
}

function isExifHeader(bytes: Uint8Array, at: number): boolean {
  return String.fromCharCode(...bytes.subarray(at, at + 6)) === "Exif\0\0";
}

const ORIENTATION_TAG = 0x0112;

function orientationFromTiff(view: DataView, tiff: number, end: number): number {
  if (tiff + 8 > end) return 1;
  const order = view.getUint16(tiff);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  const ifd = tiff + view.getUint32(tiff + 4, little);
  if (ifd + 2 > end) return 1;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > end) return 1;
    if (view.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

/**
 * A new image with EXIF orientation `orientation` applied, so it looks the way the camera meant.
 *
 * @example
 * const upright = applyOrientation(await Image.decode(jpeg), readJpegOrientation(jpeg));
 */
export function applyOrientation(image: Image, orientation: number): Image {
  if (orientation < 2 || orientation > 8) return image;
  const { width: w, height: h } = image;
  const swapped = orientation >= 5;
  const out = new Image(swapped ? h : w, swapped ? w : h);
  const source = new Uint32Array(image.bitmap.buffer, image.bitmap.byteOffset, w * h);
  const target = new Uint32Array(out.bitmap.buffer, out.bitmap.byteOffset, out.width * out.height);
  const sourceOf: Record<number, (x: number, y: number) => [number, number]> = {
    2: (x, y) => [w - 1 - x, y],
    3: (x, y) => [w - 1 - x, h - 1 - y],
    4: (x, y) => [x, h - 1 - y],
    5: (x, y) => [y, x],
    6: (x, y) => [y, h - 1 - x],
    7: (x, y) => [w - 1 - y, h - 1 - x],
    8: (x, y) => [w - 1 - y, x],
  };
  const from = sourceOf[orientation];
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const [sx, sy] = from(x, y);
      target[y * out.width + x] = source[sy * w + sx];
    }
  }
  return out;
}
