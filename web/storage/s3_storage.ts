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

/**
 * Bulk bodies are sent with an unsigned payload: SigV4 would otherwise hash (and copy) every 8 MiB
 * part once more; the request itself stays signed, and TLS protects the bytes in transit.
 */
const UNSIGNED = { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" };

/** Part buffers of finished appends, kept for the next (a 100 MB upload would otherwise allocate 25). */
const sparePartBuffers: Uint8Array[] = [];
const MAX_SPARE_PART_BUFFERS = 4;

function takePartBuffer(): Uint8Array {
  return sparePartBuffers.pop() ?? new Uint8Array(S3_PART_BYTES);
}

function returnPartBuffer(buffer: Uint8Array): void {
  if (buffer.byteLength === S3_PART_BYTES && sparePartBuffers.length < MAX_SPARE_PART_BUFFERS) {
    sparePartBuffers.push(buffer);
  }
}

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

  /**
   * Reads the tail object into the start of `part`. Reading into it hands its memory over, so the
   * buffer to use afterwards is the one returned.
   */
  const loadTail = async (
    key: string,
    state: PartialState,
    part: Uint8Array,
  ): Promise<{ part: Uint8Array; filled: number }> => {
    if (state.tail === 0) return { part, filled: 0 };
    const response = await send(urlOf(key), { method: "GET" }, [200, 404]);
    let filled = 0;
    if (response.status === 200 && response.body) {
      const reader = response.body.getReader({ mode: "byob" });
      while (filled < part.byteLength) {
        const { done, value } = await reader.read(part.subarray(filled));
        if (value) part = new Uint8Array(value.buffer);
        if (done) break;
        filled += value!.byteLength;
      }
      await reader.cancel();
    } else {
      await drain(response);
    }
    if (filled !== state.tail) {
      throw new S3Error(`partial upload ${key}: tail object holds ${filled} bytes, expected ${state.tail}`);
    }
    return { part, filled };
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
    const response = await send(urlOf(state.finalKey, query), {
      method: "PUT",
      body: bodyOf(bytes),
      headers: UNSIGNED,
    });
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
      // One part-sized buffer from the pool: incoming chunks are copied in (the caller reuses theirs).
      let part = takePartBuffer();
      try {
        let filled;
        ({ part, filled } = await loadTail(key, state, part));
        for await (const chunk of chunks) {
          let at = 0;
          while (at < chunk.byteLength) {
            const take = Math.min(S3_PART_BYTES - filled, chunk.byteLength - at);
            part.set(chunk.subarray(at, at + take), filled);
            filled += take;
            at += take;
            if (filled === S3_PART_BYTES) {
              await uploadPart(state, part);
              filled = 0;
            }
          }
        }
        if (filled > 0) {
          const body = bodyOf(part.subarray(0, filled));
          await drain(await send(urlOf(key), { method: "PUT", body, headers: UNSIGNED }));
        } else if (state.tail > 0) {
          await drain(await send(urlOf(key), { method: "DELETE" }, [200, 204, 404]));
        }
        state.tail = filled;
      } finally {
        returnPartBuffer(part);
      }
      const newOffset = state.parts.reduce((sum, part) => sum + part.size, 0) + state.tail;
      return { state: JSON.stringify(state), offset: newOffset };
    },
    async completePartial(key, stateText, finalKey) {
      const state = JSON.parse(stateText) as PartialState;
      if (state.finalKey !== finalKey) throw new S3Error(`partial upload ${key} targets ${state.finalKey}`);
      let part = takePartBuffer();
      try {
        let filled;
        ({ part, filled } = await loadTail(key, state, part));
        const tail = part.subarray(0, filled);
        if (!state.uploadId) {
          await drain(await send(urlOf(finalKey), { method: "PUT", body: bodyOf(tail), headers: UNSIGNED }));
        } else if (tail.byteLength > 0) {
          await uploadPart(state, tail);
        }
      } finally {
        returnPartBuffer(part);
      }
      if (state.uploadId) {
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
    async presignedGetUrl(key, expiresInSec) {
      const url = new URL(urlOf(key));
      url.searchParams.set("X-Amz-Expires", String(expiresInSec));
      const signed = await client.sign(url.toString(), { method: "GET", aws: { signQuery: true } });
      return signed.url;
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
