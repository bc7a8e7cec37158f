/**
 * @module
 * A small tus client for tests and benchmarks: creates an upload and sends it in PATCH pieces through
 * any `fetch`-like function (the test browser, or a real socket).
 */

export type Fetcher = (path: string, init: RequestInit) => Promise<Response>;

const TUS = { "Tus-Resumable": "1.0.0", "sec-fetch-site": "same-origin" };

/** POST /api/cloud/uploads; the Location of the new upload, or the refusing response. */
export async function createTusUpload(
  fetcher: Fetcher,
  length: number,
  filename: string,
): Promise<{ location: string } | { refused: Response }> {
  const response = await fetcher("/api/cloud/uploads", {
    method: "POST",
    headers: { ...TUS, "Upload-Length": String(length), "Upload-Metadata": `filename ${btoa(filename)}` },
  });
  if (response.status !== 201) return { refused: response };
  return { location: response.headers.get("location")! };
}

/** One PATCH of `body` at `offset`. */
export function patchTus(
  fetcher: Fetcher,
  location: string,
  offset: number,
  body: BodyInit,
): Promise<Response> {
  return fetcher(location, {
    method: "PATCH",
    headers: { ...TUS, "Upload-Offset": String(offset), "Content-Type": "application/offset+octet-stream" },
    body,
  });
}

export async function headTus(fetcher: Fetcher, location: string): Promise<Response> {
  return await fetcher(location, { method: "HEAD", headers: TUS });
}

/** Uploads `bytes` in pieces of `pieceBytes`; the last response (or the refusing one). */
export async function tusUpload(
  fetcher: Fetcher,
  bytes: Uint8Array,
  filename: string,
  pieceBytes = 256 * 1024,
): Promise<Response> {
  const created = await createTusUpload(fetcher, bytes.length, filename);
  if ("refused" in created) return created.refused;
  let offset = 0;
  while (true) {
    const piece = bytes.slice(offset, Math.min(bytes.length, offset + pieceBytes));
    const response = await patchTus(fetcher, created.location, offset, piece);
    if (response.status !== 204) return response;
    offset = Number(response.headers.get("upload-offset"));
    if (offset >= bytes.length) return response;
  }
}
