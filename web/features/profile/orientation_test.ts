import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Image } from "imagescript";
import { applyOrientation, readJpegOrientation } from "./orientation.ts";
import { normalizeProfilePicture } from "./picture.ts";
import decodeWebp from "@jsquash/webp/decode.js";

/** A JPEG APP1 segment holding a little-endian or big-endian TIFF with one Orientation entry. */
function exifSegment(orientation: number, littleEndian = true): Uint8Array {
  const tiff = new DataView(new ArrayBuffer(26));
  tiff.setUint16(0, littleEndian ? 0x4949 : 0x4d4d);
  tiff.setUint16(2, 42, littleEndian);
  tiff.setUint32(4, 8, littleEndian);
  tiff.setUint16(8, 1, littleEndian);
  tiff.setUint16(10, 0x0112, littleEndian);
  tiff.setUint16(12, 3, littleEndian);
  tiff.setUint32(14, 1, littleEndian);
  tiff.setUint16(18, orientation, littleEndian);
  const body = [...new TextEncoder().encode("Exif\0\0"), ...new Uint8Array(tiff.buffer)];
  const length = body.length + 2;
  return new Uint8Array([0xff, 0xe1, length >> 8, length & 0xff, ...body]);
}

function withExif(jpeg: Uint8Array, orientation: number, littleEndian = true): Uint8Array {
  return new Uint8Array([
    ...jpeg.subarray(0, 2),
    ...exifSegment(orientation, littleEndian),
    ...jpeg.subarray(2),
  ]);
}

/** Draws an image as rows of letters: R for the marked pixel, . elsewhere. */
function sketch(image: Image): string {
  const rows: string[] = [];
  for (let y = 1; y <= image.height; y++) {
    let row = "";
    for (let x = 1; x <= image.width; x++) row += image.getPixelAt(x, y) === 0xff0000ff ? "R" : ".";
    rows.push(row);
  }
  return rows.join("|");
}

describe("EXIF orientation", () => {
  it("reads the orientation in either byte order, and 1 when there is none", async () => {
    const jpeg = await new Image(8, 8).encodeJPEG(80);
    assert.equal(readJpegOrientation(jpeg), 1);
    for (let orientation = 1; orientation <= 8; orientation++) {
      assert.equal(readJpegOrientation(withExif(jpeg, orientation)), orientation);
      assert.equal(readJpegOrientation(withExif(jpeg, orientation, false)), orientation);
    }
    assert.equal(readJpegOrientation(withExif(jpeg, 9)), 1);
    assert.equal(readJpegOrientation(withExif(jpeg, 6).subarray(0, 20)), 1);
  });

  it("moves the top-left pixel where each orientation says", () => {
    const image = new Image(3, 2);
    image.fill(0x000000ff);
    image.setPixelAt(1, 1, 0xff0000ff);
    const expected: Record<number, string> = {
      1: "R..|...",
      2: "..R|...",
      3: "...|..R",
      4: "...|R..",
      5: "R.|..|..",
      6: ".R|..|..",
      7: "..|..|.R",
      8: "..|..|R.",
    };
    for (const [orientation, drawing] of Object.entries(expected)) {
      assert.equal(
        sketch(applyOrientation(image.clone(), Number(orientation))),
        drawing,
        `orientation ${orientation}`,
      );
    }
  });

  it("stores a sideways phone photo upright", async () => {
    // Stored landscape, left half red: rotated 90° clockwise for display, red ends up on top.
    const stored = new Image(40, 20);
    stored.fill((x: number) => (x <= 20 ? 0xff0000ff : 0x0000ffff));
    const picture = await normalizeProfilePicture(withExif(await stored.encodeJPEG(95), 6));
    assert.ok(!("problem" in picture));
    const pixels = await decodeWebp(picture.bytes.slice().buffer);
    const at = (
      x: number,
      y: number,
    ) => [...pixels.data.subarray((y * pixels.width + x) * 4, (y * pixels.width + x) * 4 + 3)];
    const [topRed, , topBlue] = at(10, 2);
    const [bottomRed, , bottomBlue] = at(10, 17);
    assert.ok(topRed > 200 && topBlue < 60, `top should be red, got ${at(10, 2)}`);
    assert.ok(bottomBlue > 200 && bottomRed < 60, `bottom should be blue, got ${at(10, 17)}`);
  });
});
