/**
 * @module The portal's Storage interface on Google Drive: one file per key in the app's hidden
 * `appDataFolder`, named by the key (Drive API v3: files.list, files.create multipart, files.update
 * media, files.get alt=media (with Range), files.get fields=size, files.delete).
 */
import { z } from "zod";
import { assertValidKey, type ByteRange } from "../../../storage/storage.ts";
import type { ExternalStorage } from "./external_storage.ts";
import type { ProviderEndpoints } from "./providers.ts";
import { expectOk, MAX_FILE_BYTES, providerFetch, readBounded, readJson } from "./provider_http.ts";

const fileList = z.object({ files: z.array(z.object({ id: z.string().max(200) })).max(10) });
const fileSize = z.object({ size: z.coerce.number().int().min(0) });

/** Quotes a value for a Drive search query. */
function driveString(value: string): string {
  return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

export function googleDriveStorage(
  endpoints: ProviderEndpoints,
  accessToken: () => Promise<string>,
): ExternalStorage {
  async function fileId(key: string): Promise<string | undefined> {
    assertValidKey(key);
    const query = new URLSearchParams({
      spaces: "appDataFolder",
      q: `name = ${driveString(key)} and trashed = false`,
      fields: "files(id)",
      pageSize: "1",
    });
    const response = await providerFetch(`${endpoints.api}/drive/v3/files?${query}`, await accessToken());
    return fileList.parse(await readJson(await expectOk(response, "Searching Google Drive"))).files[0]?.id;
  }

  return {
    async put(key, data) {
      if (data.byteLength > MAX_FILE_BYTES) {
        throw new RangeError(`Files are limited to ${MAX_FILE_BYTES} bytes`);
      }
      const existing = await fileId(key);
      if (existing) {
        const response = await providerFetch(
          `${endpoints.content}/upload/drive/v3/files/${encodeURIComponent(existing)}?uploadType=media`,
          await accessToken(),
          { method: "PATCH", body: data.slice(), headers: { "content-type": "application/octet-stream" } },
        );
        await expectOk(response, "Updating a Google Drive file");
        await response.body?.cancel();
        return;
      }
      const boundary = `mixera-${crypto.randomUUID()}`;
      const metadata = JSON.stringify({ name: key, parents: ["appDataFolder"] });
      const body = new Blob([
        `--${boundary}\r\ncontent-type: application/json; charset=UTF-8\r\n\r\n${metadata}\r\n`,
        `--${boundary}\r\ncontent-type: application/octet-stream\r\n\r\n`,
        data.slice(),
        `\r\n--${boundary}--\r\n`,
      ]);
      const response = await providerFetch(
        `${endpoints.content}/upload/drive/v3/files?uploadType=multipart&fields=id`,
        await accessToken(),
        { method: "POST", body, headers: { "content-type": `multipart/related; boundary=${boundary}` } },
      );
      await expectOk(response, "Uploading to Google Drive");
      await response.body?.cancel();
    },
    async get(key) {
      const id = await fileId(key);
      if (!id) return null;
      const response = await providerFetch(
        `${endpoints.api}/drive/v3/files/${encodeURIComponent(id)}?alt=media`,
        await accessToken(),
      );
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return await readBounded(await expectOk(response, "Downloading from Google Drive"), MAX_FILE_BYTES);
    },
    async size(key) {
      const id = await fileId(key);
      if (!id) return null;
      const response = await providerFetch(
        `${endpoints.api}/drive/v3/files/${encodeURIComponent(id)}?fields=size`,
        await accessToken(),
      );
      return fileSize.parse(await readJson(await expectOk(response, "Reading a Google Drive file's size")))
        .size;
    },
    async read(key, range?: ByteRange) {
      const id = await fileId(key);
      if (!id) return null;
      const response = await providerFetch(
        `${endpoints.api}/drive/v3/files/${encodeURIComponent(id)}?alt=media`,
        await accessToken(),
        { headers: range ? { range: `bytes=${range.start}-${range.end}` } : {} },
      );
      if (response.status === 404) {
        await response.body?.cancel();
        return null;
      }
      return (await expectOk(response, "Reading from Google Drive")).body;
    },
    async delete(key) {
      const id = await fileId(key);
      if (!id) return;
      const response = await providerFetch(
        `${endpoints.api}/drive/v3/files/${encodeURIComponent(id)}`,
        await accessToken(),
        { method: "DELETE" },
      );
      if (response.status !== 404) await expectOk(response, "Deleting from Google Drive");
      await response.body?.cancel();
    },
  };
}
