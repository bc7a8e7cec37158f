import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Image } from "imagescript";
import decodeWebp from "@jsquash/webp/decode.js";
import { MAX_PICTURE_BYTES, normalizeProfilePicture, PICTURE_EDGE } from "./picture.ts";
import { readImageHeader } from "./image_header.ts";

/** A picture whose left half is red and right half is blue, so cropping is visible. */
function twoTone(width: number, height: number): Image {
  const image = new Image(width, height);
  image.fill((x: number) => (x <= width / 2 ? 0xff0000ff : 0x0000ffff));
  return image;
}

async function samples(width = 64, height = 48) {
  const image = twoTone(width, height);
  return {
    png: await image.encode(),
    jpeg: await image.encodeJPEG(90),
    webp: await image.encodeWEBP(90),
  };
}

function expectProblem(result: unknown, pattern: RegExp) {
  assert.ok(result && typeof result === "object" && "problem" in result, "expected a rejection");
  assert.match(String(result.problem), pattern);
}

describe("readImageHeader", () => {
  it("recognises each format by its magic bytes and reads its size", async () => {
    const files = await samples(64, 48);
    for (const [format, bytes] of Object.entries(files)) {
      assert.deepEqual(readImageHeader(bytes), { format, width: 64, height: 48, animated: false }, format);
    }
  });

  it("reads lossless WebP (VP8L) sizes", async () => {
    const lossless = await twoTone(300, 17).encodeWEBP(null);
    assert.deepEqual(readImageHeader(lossless), { format: "webp", width: 300, height: 17, animated: false });
  });

  it("refuses other formats whatever they are named", () => {
    const gif = new TextEncoder().encode("GIF89a\x01\x00\x01\x00");
    const svg = new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>");
    expectProblem(readImageHeader(gif), /not a PNG, JPEG or WebP/);
    expectProblem(readImageHeader(svg), /not a PNG, JPEG or WebP/);
    expectProblem(readImageHeader(new Uint8Array()), /not a PNG, JPEG or WebP/);
  });

  it("reports truncated headers instead of reading past the end", async () => {
    const files = await samples();
    expectProblem(readImageHeader(files.png.subarray(0, 20)), /PNG file is damaged/);
    expectProblem(readImageHeader(files.jpeg.subarray(0, 6)), /JPEG file is damaged/);
    expectProblem(readImageHeader(files.webp.subarray(0, 24)), /WebP file is damaged/);
  });
});

describe("normalizeProfilePicture", () => {
  it("re-encodes PNG, JPEG and WebP uploads as a square WebP", async () => {
    const files = await samples(64, 48);
    for (const [format, bytes] of Object.entries(files)) {
      const picture = await normalizeProfilePicture(bytes);
      assert.ok(!("problem" in picture), format);
      assert.equal(picture.contentType, "image/webp");
      assert.deepEqual(readImageHeader(picture.bytes), {
        format: "webp",
        width: 48,
        height: 48,
        animated: false,
      });
    }
  });

  it("crops to the centre and shrinks large pictures to the stored edge", async () => {
    const picture = await normalizeProfilePicture(await twoTone(1200, 600).encode());
    assert.ok(!("problem" in picture));
    assert.equal(picture.width, PICTURE_EDGE);
    const pixels = await decodeWebp(picture.bytes.slice().buffer);
    const at = (
      x: number,
    ) => [...pixels.data.subarray((x + 256 * PICTURE_EDGE) * 4, (x + 256 * PICTURE_EDGE) * 4 + 3)];
    const [red, , blue] = at(10);
    assert.ok(red > 200 && blue < 60, `left edge should stay red, got ${at(10)}`);
    const [red2, , blue2] = at(PICTURE_EDGE - 10);
    assert.ok(blue2 > 200 && red2 < 60, `right edge should stay blue, got ${at(PICTURE_EDGE - 10)}`);
  });

  it("drops whatever trails the image data", async () => {
    const { png } = await samples();
    const payload = new TextEncoder().encode("<script>alert(1)</script>");
    const polyglot = new Uint8Array([...png, ...payload]);
    const picture = await normalizeProfilePicture(polyglot);
    assert.ok(!("problem" in picture));
    assert.ok(!new TextDecoder().decode(picture.bytes).includes("<script>"));
  });

  it("refuses empty and oversized uploads", async () => {
    expectProblem(await normalizeProfilePicture(new Uint8Array()), /Choose an image/);
    const { png } = await samples();
    const huge = new Uint8Array(MAX_PICTURE_BYTES + 1);
    huge.set(png);
    expectProblem(await normalizeProfilePicture(huge), /5 MB or smaller/);
  });

  it("refuses a header that promises a gigantic canvas before decoding it", async () => {
    const { png } = await samples();
    const bomb = png.slice();
    new DataView(bomb.buffer).setUint32(16, 100_000);
    new DataView(bomb.buffer).setUint32(20, 100_000);
    expectProblem(await normalizeProfilePicture(bomb), /at most 16 megapixels/);
  });

  it("refuses files with valid magic bytes that do not decode", async () => {
    const files = await samples();
    for (const [format, bytes] of Object.entries(files)) {
      const corrupt = bytes.slice();
      corrupt.fill(0x41, 40);
      const result = await normalizeProfilePicture(corrupt);
      assert.ok("problem" in result, `${format} with a corrupt body was accepted`);
      assert.match(result.problem, /could not be decoded|damaged/);
    }
  });
});
