import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fsStorage } from "./fs_storage.ts";

describe("fsStorage", () => {
  it("puts, gets and deletes bytes under nested keys", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-storage-"));
    try {
      const storage = fsStorage(dir);
      assert.equal(await storage.get("profile-pictures/u1"), null);
      await storage.put("profile-pictures/u1", new Uint8Array([1, 2, 3]));
      assert.deepEqual(await storage.get("profile-pictures/u1"), new Uint8Array([1, 2, 3]));
      await storage.put("profile-pictures/u1", new Uint8Array([4]));
      assert.deepEqual(await storage.get("profile-pictures/u1"), new Uint8Array([4]));
      await storage.delete("profile-pictures/u1");
      await storage.delete("profile-pictures/u1");
      assert.equal(await storage.get("profile-pictures/u1"), null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses keys that could leave the storage root", async () => {
    const storage = fsStorage("/nonexistent-root");
    for (const key of ["../etc/passwd", "a/../../b", "/abs", "a//b", "", ".hidden", "a/./b"]) {
      await assert.rejects(storage.get(key), /Invalid storage key/, key);
    }
  });
});
