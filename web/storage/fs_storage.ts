/** @module Storage backend on the local filesystem (the embedded default, under DATA_DIR/files). */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { assertValidKey, type Storage } from "./storage.ts";

export function fsStorage(root: string): Storage {
  const pathOf = (key: string) => {
    assertValidKey(key);
    return join(root, key);
  };
  return {
    async put(key, data) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      // Write beside, then rename: a reader never sees half a file.
      const partial = `${path}.${crypto.randomUUID()}.partial`;
      await writeFile(partial, data);
      await rename(partial, path);
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
