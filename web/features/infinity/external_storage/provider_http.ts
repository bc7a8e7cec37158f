/**
 * @module Calls to a storage provider's API: bearer token, a timeout, and bounded reads, so a slow or
 * oversized answer from the provider cannot hang or flood the portal.
 */

/** Largest file the adapters move in one piece (the cloud library's upload limit). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Largest JSON answer read from a provider. */
export const MAX_JSON_BYTES = 1024 * 1024;
const TIMEOUT_MS = 30_000;

export class ProviderError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "ProviderError";
  }
}

export function providerFetch(url: string, accessToken: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${accessToken}`);
  return fetch(url, { ...init, headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: "error" });
}

/** The response body, refused past `maxBytes`. */
export async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (Number(response.headers.get("content-length") ?? "0") > maxBytes) {
    await response.body?.cancel();
    throw new ProviderError(`The provider answered with more than ${maxBytes} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      await response.body?.cancel();
      throw new ProviderError(`The provider answered with more than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export async function readJson(response: Response): Promise<unknown> {
  const text = new TextDecoder().decode(await readBounded(response, MAX_JSON_BYTES));
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(
      `The provider answered ${response.status} with a body that is not JSON`,
      response.status,
    );
  }
}

/** Throws with the provider's status unless the response is 2xx. */
export async function expectOk(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  await response.body?.cancel();
  throw new ProviderError(`${what} failed: the provider answered ${response.status}`, response.status);
}
