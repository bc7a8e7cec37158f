import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Image } from "imagescript";
import { QueueFullError } from "../../security/bounded_queue.ts";
import { picturePool } from "./picture_pool.ts";

async function largeJpeg(): Promise<Uint8Array> {
  const image = new Image(3000, 2000);
  image.fill((x: number, y: number) => Image.rgbaToColor(x & 255, y & 255, 90, 255));
  return await image.encodeJPEG(80);
}

describe("picturePool", () => {
  it("refuses at once what does not fit its queue, and keeps working afterwards", async () => {
    const pool = picturePool({ workers: 1, maxWaiting: 1, idleMs: 50 });
    const jpeg = await largeJpeg();
    const first = pool.normalize(jpeg);
    const second = pool.normalize(jpeg);
    assert.equal(pool.running, 1);
    assert.equal(pool.waiting, 1);
    await assert.rejects(pool.normalize(jpeg), QueueFullError);
    for (const result of await Promise.all([first, second])) {
      assert.ok(!("problem" in result), "problem" in result ? result.problem : "");
      assert.equal(result.width, 512);
    }
    assert.equal(pool.running, 0);
  });

  it("answers header problems without a worker and decoding problems from one", async () => {
    const pool = picturePool({ workers: 1, maxWaiting: 0, idleMs: 50 });
    const notAnImage = await pool.normalize(new TextEncoder().encode("hello"));
    assert.match("problem" in notAnImage ? notAnImage.problem : "", /not a PNG, JPEG or WebP/);
    const corrupt = (await new Image(64, 64).encodeJPEG(80)).slice();
    corrupt.fill(0x41, 200);
    const broken = await pool.normalize(corrupt);
    assert.match("problem" in broken ? broken.problem : "", /could not be (decoded|processed)|damaged/);
  });
});
