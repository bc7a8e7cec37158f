import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsStorage } from "../storage/fs_storage.ts";
import { serveObject, type StoredObject } from "./serve_object.ts";

describe("serveObject", () => {
  const dir = mkdtempSync(join(tmpdir(), "mixera-serve-object-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const storage = fsStorage(dir);
  const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 256);
  const object: StoredObject = {
    key: "objects/a",
    contentType: "audio/mpeg",
    cacheControl: "private, no-store",
    etag: "abc123",
  };
  const stored = storage.put(object.key, bytes);

  async function serve(headers: Record<string, string> = {}, served: StoredObject = object) {
    await stored;
    const response = await serveObject(new Request("http://portal.test/x", { headers }), storage, served);
    assert.ok(response, "the object is stored");
    return response;
  }
  const bodyOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

  it("serves the whole object with its length, type, cache policy and ETag", async () => {
    const response = await serve();
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-length"), "5000");
    assert.equal(response.headers.get("content-type"), "audio/mpeg");
    assert.equal(response.headers.get("accept-ranges"), "bytes");
    assert.equal(response.headers.get("cache-control"), "private, no-store");
    assert.equal(response.headers.get("etag"), '"abc123"');
    assert.equal(response.headers.get("content-disposition"), null);
    assert.deepEqual(await bodyOf(response), bytes);
  });

  it("serves one byte range with 206 and Content-Range", async () => {
    const response = await serve({ range: "bytes=1000-1999" });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get("content-range"), "bytes 1000-1999/5000");
    assert.equal(response.headers.get("content-length"), "1000");
    assert.deepEqual(await bodyOf(response), bytes.slice(1000, 2000));
    const tail = await serve({ range: "bytes=-10" });
    assert.equal(tail.headers.get("content-range"), "bytes 4990-4999/5000");
    assert.deepEqual(await bodyOf(tail), bytes.slice(-10));
  });

  it("answers 416 with the size for a range past the end", async () => {
    const response = await serve({ range: "bytes=5000-" });
    assert.equal(response.status, 416);
    assert.equal(response.headers.get("content-range"), "bytes */5000");
    assert.equal(await response.text(), "");
  });

  it("honours a range under If-Range only when it names this version", async () => {
    const same = await serve({ range: "bytes=0-9", "if-range": '"abc123"' });
    assert.equal(same.status, 206);
    assert.deepEqual(await bodyOf(same), bytes.slice(0, 10));
    for (const validator of ['"old"', 'W/"abc123"', "Tue, 01 Dec 2026 12:00:00 GMT"]) {
      const other = await serve({ range: "bytes=0-9", "if-range": validator });
      assert.equal(other.status, 200, validator);
      assert.deepEqual(await bodyOf(other), bytes);
    }
    const noEtag = await serve({ range: "bytes=0-9", "if-range": '"abc123"' }, {
      ...object,
      etag: undefined,
    });
    assert.equal(noEtag.status, 200, "without an ETag no validator matches");
    await noEtag.body?.cancel();
  });

  it("names an attachment in RFC 8187 form", async () => {
    const response = await serve({}, { ...object, attachmentName: "Só Track.mp3" });
    assert.equal(
      response.headers.get("content-disposition"),
      "attachment; filename*=UTF-8''S%C3%B3%20Track.mp3",
    );
    await response.body?.cancel();
  });

  it("answers null for a key with nothing stored", async () => {
    const missing = await serveObject(new Request("http://portal.test/x"), storage, {
      ...object,
      key: "objects/none",
    });
    assert.equal(missing, null);
  });
});
