/** @module Storage backend on the local filesystem (the embedded default, under DATA_DIR/files). */
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { assertValidKey, type ByteRange, type Storage } from "./storage.ts";

const READ_CHUNK_BYTES = 256 * 1024;

function isMissing(error: unknown): boolean {
  return (error as { code?: string }).code === "ENOENT";
}

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
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    async size(key) {
      try {
        return (await stat(pathOf(key))).size;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async read(key, range) {
      let handle;
      try {
        handle = await open(pathOf(key), "r");
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      return fileStream(handle, range);
    },
    presignedUrl(key) {
      assertValidKey(key);
      return Promise.resolve(null);
    },
    async beginPartial(key) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, new Uint8Array());
      return "{}";
    },
    async appendPartial(key, state, offset, chunks) {
      const path = pathOf(key);
      // The caller's offset is the truth: bytes past it (a write that outran its bookkeeping) go.
      await truncate(path, offset);
      const handle = await open(path, "r+");
      let at = offset;
      try {
        for await (const chunk of chunks) {
          let written = 0;
          while (written < chunk.byteLength) {
            const result = await handle.write(chunk, written, chunk.byteLength - written, at);
            written += result.bytesWritten;
            at += result.bytesWritten;
          }
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { state, offset: at };
    },
    async completePartial(key, _state, finalKey) {
      const target = pathOf(finalKey);
      await mkdir(dirname(target), { recursive: true });
      await rename(pathOf(key), target);
    },
    async abortPartial(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/**
 * A file (or a range of it) as a byte stream that closes the file when done or cancelled. Readers
 * that bring their own buffer (BYOB) get the bytes read straight into it.
 */
function fileStream(
  handle: Awaited<ReturnType<typeof open>>,
  range: ByteRange | undefined,
): ReadableStream<Uint8Array> {
  let position = range?.start ?? 0;
  const end = range ? range.end + 1 : Infinity;
  return new ReadableStream({
    type: "bytes",
    autoAllocateChunkSize: READ_CHUNK_BYTES,
    async pull(controller) {
      const request = controller.byobRequest!;
      const view = request.view as Uint8Array;
      const want = Math.min(view.byteLength, end - position);
      const { bytesRead } = want > 0 ? await handle.read(view, 0, want, position) : { bytesRead: 0 };
      if (bytesRead === 0) {
        await handle.close();
        controller.close();
        request.respond(0);
        return;
      }
      position += bytesRead;
      request.respond(bytesRead);
    },
    async cancel() {
      await handle.close();
    },
  });
}
