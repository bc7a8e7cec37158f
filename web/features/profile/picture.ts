/**
 * @module Turns an uploaded profile picture into a small, freshly encoded WebP.
 * The upload is trusted for nothing: its format comes from its magic bytes, its size from its
 * header (checked before decoding), and the bytes we store are our own encoder's output, so no
 * metadata, trailing payload or polyglot content of the original survives.
 */
import { Image } from "imagescript";
import decodeWebp from "@jsquash/webp/decode.js";
import { type ImageFormat, type ImageHeader, readImageHeader } from "./image_header.ts";
import { applyOrientation, readJpegOrientation } from "./orientation.ts";

/** Largest upload accepted, in bytes. */
export const MAX_PICTURE_BYTES = 5 * 1024 * 1024;
/**
 * Largest canvas we agree to decode: 16 megapixels (64 MB of RGBA), room for a 12-megapixel phone photo
 * in any orientation. The stored picture is 512 pixels square, so more only costs memory and time.
 */
export const MAX_PICTURE_PIXELS = 16_000_000;
/** Edge of the square picture we store. */
export const PICTURE_EDGE = 512;
/** Content type of every stored picture. */
export const PICTURE_CONTENT_TYPE = "image/webp";

/** The stored form of a profile picture. */
export interface ProfilePicture {
  bytes: Uint8Array;
  contentType: typeof PICTURE_CONTENT_TYPE;
  width: number;
  height: number;
}

/**
 * Checks an uploaded PNG, JPEG or WebP by content, decodes it, crops it to a centred square of at
 * most {@link PICTURE_EDGE} pixels and re-encodes it as WebP.
 *
 * @example
 * const picture = await normalizeProfilePicture(new Uint8Array(await file.arrayBuffer()));
 * if ("problem" in picture) return showFieldError(picture.problem);
 */
export async function normalizeProfilePicture(
  upload: Uint8Array,
): Promise<ProfilePicture | { problem: string }> {
  const header = checkPictureUpload(upload);
  if ("problem" in header) return header;
  return await renderProfilePicture(upload, header);
}

/**
 * The cheap checks, done before any decoding: size, format by magic bytes, animation, and the pixel
 * count the header claims, so a small file promising a huge canvas is refused without allocating it.
 */
export function checkPictureUpload(upload: Uint8Array): ImageHeader | { problem: string } {
  if (upload.length === 0) return { problem: "Choose an image file to upload." };
  if (upload.length > MAX_PICTURE_BYTES) return { problem: "The picture must be 5 MB or smaller." };
  const header = readImageHeader(upload);
  if ("problem" in header) return header;
  if (header.animated) return { problem: "Animated images cannot be used as a profile picture." };
  if (header.width < 1 || header.height < 1 || header.width * header.height > MAX_PICTURE_PIXELS) {
    return {
      problem: `The picture is ${header.width}×${header.height} pixels; at most 16 megapixels fit. ` +
        "Make it smaller and try again.",
    };
  }
  return header;
}

/** The expensive part: decodes a checked upload, crops it square and encodes the WebP we store. */
export async function renderProfilePicture(
  upload: Uint8Array,
  header: ImageHeader,
): Promise<ProfilePicture | { problem: string }> {
  const decoded = await decodeImage(upload, header.format);
  if (!decoded) return { problem: `The file looks like ${article(header.format)} but could not be decoded.` };
  const image = header.format === "jpeg" ? applyOrientation(decoded, readJpegOrientation(upload)) : decoded;
  const edge = Math.min(PICTURE_EDGE, image.width, image.height);
  image.cover(edge, edge);
  const bytes = await image.encodeWEBP(85);
  return { bytes, contentType: PICTURE_CONTENT_TYPE, width: edge, height: edge };
}

async function decodeImage(bytes: Uint8Array, format: ImageFormat): Promise<Image | null> {
  try {
    if (format !== "webp") return await Image.decode(bytes);
    const pixels = await decodeWebp(bytes.slice().buffer);
    const image = new Image(pixels.width, pixels.height);
    image.bitmap.set(pixels.data);
    return image;
  } catch {
    return null;
  }
}

function article(format: ImageFormat): string {
  return { png: "a PNG", jpeg: "a JPEG", webp: "a WebP" }[format];
}
