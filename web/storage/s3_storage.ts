/**
 * @module
 * Storage backend on an S3-compatible object store, signed with `aws4fetch` (SigV4 over `fetch`, so it
 * runs on Deno Deploy). Path-style addressing (`<endpoint>/<bucket>/<key>`) works with AWS, R2, MinIO
 * and s3rver alike.
 *
 * Resumable writes use a multipart upload aimed at the final key. S3 wants every part but the last to
 * be at least 5 MiB, while tus clients send pieces of any size, so the bytes that do not yet fill a
 * part wait in a "tail" object stored under the partial key; the next append continues from it. At
 * most one part (plus one incoming chunk) is held in memory per running upload.
 */
import { AwsClient } from "aws4fetch";
import { assertValidKey, type Storage } from "./storage.ts";

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Parts are uploaded once this many bytes are buffered (S3's minimum part size is 5 MiB). */
export const S3_PART_BYTES = 8 * 1024 * 1024;

interface PartialState {
  finalKey: string;
  uploadId: string | null;
  parts: { number: number; etag: string; size: number }[];
  /** Bytes held in the tail object (the partial key). */
  tail: number;
}

class S3Error extends Error {}

export function s3Storage(settings: S3Settings): Storage {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    region: settings.region,
    service: "s3",
  });
  const base = `${settings.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(settings.bucket)}`;
  const urlOf = (key: string, query = "") => {
    assertValidKey(key);
    return `${base}/${key.split("/").map(encodeURIComponent).join("/")}${query}`;
  };
  const send = async (url: string, init: RequestInit, okStatuses: number[] = [200]) => {
    const response = await client.fetch(url, init);
    if (!okStatuses.includes(response.status)) {
      const text = (await response.text()).slice(0, 300);
      throw new S3Error(
        `S3 ${init.method ?? "GET"} ${new URL(url).pathname} answered ${response.status}: ${text}`,
      );
    }
    return response;
  };
  const drain = async (response: Response) => {
    await response.body?.cancel();
  };

  const getBytes = async (key: string): Promise<Uint8Array | null> => {
    const response = await send(urlOf(key), { method: "GET" }, [200, 404]);
    if (response.status === 404) {
      await drain(response);
      return null;
    }
    return new Uint8Array(await response.arrayBuffer());
  };

  const loadTail = async (key: string, state: PartialState): Promise<Uint8Array> => {
    if (state.tail === 0) return new Uint8Array();
    const tail = await getBytes(key);
    if (!tail || tail.byteLength !== state.tail) {
      throw new S3Error(
        `partial upload ${key}: tail object holds ${tail?.byteLength ?? 0} bytes, expected ${state.tail}`,
      );
    }
    return tail;
  };

  const startMultipart = async (state: PartialState): Promise<string> => {
    const response = await send(urlOf(state.finalKey, "?uploads"), { method: "POST" });
    const uploadId = (await response.text()).match(/<UploadId>([^<]+)<\/UploadId>/)?.[1];
    if (!uploadId) throw new S3Error("S3 CreateMultipartUpload answered without an UploadId");
    return uploadId;
  };

  const uploadPart = async (state: PartialState, bytes: Uint8Array) => {
    state.uploadId ??= await startMultipart(state);
    const number = state.parts.length + 1;
    const query = `?partNumber=${number}&uploadId=${encodeURIComponent(state.uploadId)}`;
    const response = await send(urlOf(state.finalKey, query), { method: "PUT", body: bodyOf(bytes) });
    await drain(response);
    const etag = response.headers.get("etag");
    if (!etag) throw new S3Error("S3 UploadPart answered without an ETag");
    state.parts.push({ number, etag, size: bytes.byteLength });
  };

  return {
    async put(key, data) {
      await drain(await send(urlOf(key), { method: "PUT", body: bodyOf(data) }));
    },
    get: getBytes,
    async delete(key) {
      await drain(await send(urlOf(key), { method: "DELETE" }, [200, 204, 404]));
    },
    async size(key) {
      const response = await send(urlOf(key), { method: "HEAD" }, [200, 404]);
      await drain(response);
      return response.status === 404 ? null : Number(response.headers.get("content-length"));
    },
    async read(key, range) {
      const headers = range ? { range: `bytes=${range.start}-${range.end}` } : undefined;
      const response = await send(urlOf(key), { method: "GET", headers }, [200, 206, 404, 416]);
      if (response.status === 404 || response.status === 416) {
        await drain(response);
        return response.status === 404 ? null : new Blob([]).stream();
      }
      return response.body ?? new Blob([]).stream();
    },
    beginPartial(key, finalKey) {
      assertValidKey(key);
      const state: PartialState = { finalKey, uploadId: null, parts: [], tail: 0 };
      return Promise.resolve(JSON.stringify(state));
    },
    async appendPartial(key, stateText, offset, chunks) {
      const state = JSON.parse(stateText) as PartialState;
      const stored = state.parts.reduce((sum, part) => sum + part.size, 0) + state.tail;
      if (stored !== offset) throw new S3Error(`partial upload ${key} holds ${stored} bytes, not ${offset}`);
      let buffer = await loadTail(key, state);
      const pending: Uint8Array[] = [buffer];
      let pendingBytes = buffer.byteLength;
      const flushPart = async () => {
        buffer = concat(pending, pendingBytes);
        pending.length = 0;
        pendingBytes = 0;
        await uploadPart(state, buffer);
      };
      for await (const chunk of chunks) {
        pending.push(chunk);
        pendingBytes += chunk.byteLength;
        if (pendingBytes >= S3_PART_BYTES) await flushPart();
      }
      if (pendingBytes > 0) {
        await drain(await send(urlOf(key), { method: "PUT", body: bodyOf(concat(pending, pendingBytes)) }));
      } else if (state.tail > 0) {
        await drain(await send(urlOf(key), { method: "DELETE" }, [200, 204, 404]));
      }
      state.tail = pendingBytes;
      const newOffset = state.parts.reduce((sum, part) => sum + part.size, 0) + state.tail;
      return { state: JSON.stringify(state), offset: newOffset };
    },
    async completePartial(key, stateText, finalKey) {
      const state = JSON.parse(stateText) as PartialState;
      if (state.finalKey !== finalKey) throw new S3Error(`partial upload ${key} targets ${state.finalKey}`);
      const tail = await loadTail(key, state);
      if (!state.uploadId) {
        await drain(await send(urlOf(finalKey), { method: "PUT", body: bodyOf(tail) }));
      } else {
        if (tail.byteLength > 0) await uploadPart(state, tail);
        const body = `<CompleteMultipartUpload>${
          state.parts.map((part) =>
            `<Part><PartNumber>${part.number}</PartNumber><ETag>${part.etag}</ETag></Part>`
          )
            .join("")
        }</CompleteMultipartUpload>`;
        const query = `?uploadId=${encodeURIComponent(state.uploadId)}`;
        const response = await send(urlOf(finalKey, query), { method: "POST", body });
        // S3 may answer 200 with an error document when completion fails late.
        const text = await response.text();
        if (/<Error>/.test(text)) {
          throw new S3Error(`S3 CompleteMultipartUpload failed: ${text.slice(0, 300)}`);
        }
      }
      if (state.tail > 0) await drain(await send(urlOf(key), { method: "DELETE" }, [200, 204, 404]));
    },
    async abortPartial(key, stateText) {
      const state = JSON.parse(stateText) as PartialState;
      if (state.uploadId) {
        const query = `?uploadId=${encodeURIComponent(state.uploadId)}`;
        await drain(await send(urlOf(state.finalKey, query), { method: "DELETE" }, [200, 204, 404]));
      }
      await drain(await send(urlOf(key), { method: "DELETE" }, [200, 204, 404]));
    },
  };
}

/** fetch wants bytes on an ArrayBuffer; ours are, but the type says ArrayBufferLike. */
function bodyOf(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0].byteLength === total) return parts[0];
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}
