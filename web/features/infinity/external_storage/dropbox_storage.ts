/**
 * @module The portal's Storage interface on Dropbox: one file per key under the app folder
 * (Dropbox API v2: files/upload, files/download (with Range), files/get_metadata, files/delete_v2; a
 * missing path answers 409).
 */
import { z } from "zod";
import { assertValidKey, type ByteRange } from "../../../storage/storage.ts";
import type { ExternalStorage } from "./external_storage.ts";
import type { ProviderEndpoints } from "./providers.ts";
import { expectOk, MAX_FILE_BYTES, providerFetch, readBounded, readJson } from "./provider_http.ts";

/** True for Dropbox's "no such file" answer, which comes as a 409 with an error summary. */
async function isNotFound(response: Response): Promise<boolean> {
  if (response.status !== 409) return false;
  const body = await readJson(response) as { error_summary?: unknown };
  return typeof body.error_summary === "string" && /not_found/.test(body.error_summary);
}

const metadata = z.object({ size: z.number().int().min(0) });

export function dropboxStorage(
  endpoints: ProviderEndpoints,
  accessToken: () => Promise<string>,
): ExternalStorage {
  const pathOf = (key: string) => {
    assertValidKey(key);
    return `/${key}`;
  };
  return {
    async put(key, data) {
      if (data.byteLength > MAX_FILE_BYTES) {
        throw new RangeError(`Files are limited to ${MAX_FILE_BYTES} bytes`);
      }
      const response = await providerFetch(`${endpoints.content}/2/files/upload`, await accessToken(), {
        method: "POST",
        body: data.slice(),
        headers: {
          "content-type": "application/octet-stream",
          "dropbox-api-arg": JSON.stringify({ path: pathOf(key), mode: "overwrite", mute: true }),
        },
      });
      await expectOk(response, "Uploading to Dropbox");
      await response.body?.cancel();
    },
    async get(key) {
      const response = await providerFetch(`${endpoints.content}/2/files/download`, await accessToken(), {
        method: "POST",
        headers: { "dropbox-api-arg": JSON.stringify({ path: pathOf(key) }) },
      });
      if (await isNotFound(response)) return null;
      return await readBounded(await expectOk(response, "Downloading from Dropbox"), MAX_FILE_BYTES);
    },
    async size(key) {
      const response = await providerFetch(`${endpoints.api}/2/files/get_metadata`, await accessToken(), {
        method: "POST",
        body: JSON.stringify({ path: pathOf(key) }),
        headers: { "content-type": "application/json" },
      });
      if (await isNotFound(response)) return null;
      return metadata.parse(await readJson(await expectOk(response, "Reading a Dropbox file's size"))).size;
    },
    async read(key, range?: ByteRange) {
      const headers: Record<string, string> = { "dropbox-api-arg": JSON.stringify({ path: pathOf(key) }) };
      if (range) headers.range = `bytes=${range.start}-${range.end}`;
      const response = await providerFetch(`${endpoints.content}/2/files/download`, await accessToken(), {
        method: "POST",
        headers,
      });
      if (await isNotFound(response)) return null;
      return (await expectOk(response, "Reading from Dropbox")).body;
    },
    async delete(key) {
      const response = await providerFetch(`${endpoints.api}/2/files/delete_v2`, await accessToken(), {
        method: "POST",
        body: JSON.stringify({ path: pathOf(key) }),
        headers: { "content-type": "application/json" },
      });
      if (await isNotFound(response)) return;
      await expectOk(response, "Deleting from Dropbox");
      await response.body?.cancel();
    },
  };
}
