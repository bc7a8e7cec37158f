import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startS3Server, type TestS3Server } from "../testing/s3_server.ts";
import { fsStorage } from "./fs_storage.ts";
import { S3_PART_BYTES, s3Storage } from "./s3_storage.ts";
import { collectStream, type Storage } from "./storage.ts";

function pattern(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

function contract(name: string, open: () => Storage) {
  describe(`${name} storage`, () => {
    it("puts, reads ranges, sizes and deletes objects", async () => {
      const storage = open();
      const bytes = pattern(1000, 1);
      assert.equal(await storage.size("lib/a"), null);
      assert.equal(await storage.read("lib/a"), null);
      await storage.put("lib/a", bytes);
      assert.equal(await storage.size("lib/a"), 1000);
      assert.deepEqual(await collectStream((await storage.read("lib/a"))!), bytes);
      assert.deepEqual(
        await collectStream((await storage.read("lib/a", { start: 10, end: 19 }))!),
        bytes.subarray(10, 20),
      );
      await storage.delete("lib/a");
      await storage.delete("lib/a");
      assert.equal(await storage.get("lib/a"), null);
    });

    it("assembles a partial object from appends of any size, across part boundaries", async () => {
      const storage = open();
      const bytes = pattern(S3_PART_BYTES * 2 + 12345, 2);
      let state = await storage.beginPartial("partial/u1", "final/u1");
      let offset = 0;
      for (
        const [from, to, piece] of [[0, 100, 50], [100, 3_000_000, 65536], [3_000_000, bytes.length, 1 << 20]]
      ) {
        ({ state, offset } = await storage.appendPartial(
          "partial/u1",
          state,
          offset,
          pieces(bytes.subarray(from, to), piece),
        ));
        assert.equal(offset, to);
      }
      await storage.completePartial("partial/u1", state, "final/u1");
      assert.equal(await storage.size("final/u1"), bytes.length);
      assert.deepEqual(await collectStream((await storage.read("final/u1"))!), bytes);
      assert.equal(await storage.size("partial/u1"), null);
      await storage.delete("final/u1");
    });

    it("aborts a partial object without leaving anything behind", async () => {
      const storage = open();
      let state = await storage.beginPartial("partial/u2", "final/u2");
      ({ state } = await storage.appendPartial("partial/u2", state, 0, pieces(pattern(5000, 3), 1000)));
      await storage.abortPartial("partial/u2", state);
      assert.equal(await storage.size("partial/u2"), null);
      assert.equal(await storage.size("final/u2"), null);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "mixera-storage-contract-"));
contract("fs", () => fsStorage(dir));
after(() => rmSync(dir, { recursive: true, force: true }));

let s3: TestS3Server;
before(async () => {
  s3 = await startS3Server();
});
after(async () => await s3.stop());
contract("s3 (s3rver)", () => s3Storage(s3.settings));

describe("s3 storage signing", () => {
  // s3rver checks the access key id of a SigV4 Authorization header, not the signature itself.
  it("sends credentials the server checks: an unknown access key is refused", async () => {
    const storage = s3Storage({ ...s3.settings, accessKeyId: "UNKNOWN" });
    await assert.rejects(storage.put("lib/x", new Uint8Array([1])), /answered 403/);
  });

  it("presigns a GET that serves the object and its ranges without credentials", async () => {
    const storage = s3Storage(s3.settings);
    const bytes = pattern(5000, 9);
    await storage.put("firmware/r1/build", bytes);
    const url = await storage.presignedGetUrl!("firmware/r1/build", 3600);
    assert.equal(new URL(url).searchParams.get("X-Amz-Expires"), "3600");
    assert.ok(new URL(url).searchParams.get("X-Amz-Signature"));
    const whole = await fetch(url);
    assert.equal(whole.status, 200);
    assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), bytes);
    const range = await fetch(url, { headers: { range: "bytes=4000-" } });
    assert.equal(range.status, 206);
    assert.deepEqual(new Uint8Array(await range.arrayBuffer()), bytes.subarray(4000));
    await storage.delete("firmware/r1/build");
  });
});
