/**
 * @module
 * The controller's one HTTP client for the portal: every request has a timeout; network failures,
 * 429 and 5xx answers are retried with exponential backoff and jitter (controller/ocp/backoff.ts) (429's Retry-After is
 * honoured); 4xx answers come back at once because repeating them cannot help. Response bodies are
 * size-limited and parsed as JSON.
 */
import { backoffDelay } from "../ocp/backoff.ts";
import { parsePortalUrl } from "./portal_url.ts";

export interface CloudHttpOptions {
  portal: string;
  timeoutMs?: number;
  /** Attempts per request, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface CloudResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A body sent as given, e.g. a gzipped telemetry batch. */
export interface RawBody {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  contentEncoding?: string;
}

export class CloudRequestError extends Error {}

const MAX_RESPONSE_BYTES = 1024 * 1024;

export class CloudHttpClient {
  readonly origin: string;
  readonly #options: Required<Omit<CloudHttpOptions, "portal">>;

  constructor(options: CloudHttpOptions) {
    const parsed = parsePortalUrl(options.portal);
    if (!parsed.ok) throw new CloudRequestError(parsed.message);
    this.origin = parsed.origin;
    this.#options = {
      timeoutMs: options.timeoutMs ?? 10_000,
      attempts: options.attempts ?? 4,
      baseDelayMs: options.baseDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 8_000,
      fetch: options.fetch ?? fetch,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
    };
  }

  /** Sends a request and returns the final answer; throws CloudRequestError when every attempt failed to connect. */
  async request(
    method: "GET" | "POST",
    path: string,
    { headers = {}, json, form, raw }: {
      headers?: Record<string, string>;
      json?: unknown;
      form?: Record<string, string>;
      raw?: RawBody;
    } = {},
  ): Promise<CloudResponse> {
    const { attempts, baseDelayMs, maxDelayMs, random, sleep, timeoutMs } = this.#options;
    let lastError = "";
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        await sleep(backoffDelay(attempt - 1, { initialMs: baseDelayMs, maxMs: maxDelayMs, random }));
      }
      try {
        const response = await this.#options.fetch(`${this.origin}${path}`, {
          method,
          headers: {
            accept: "application/json",
            ...(json !== undefined ? { "content-type": "application/json" } : {}),
            ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
            ...(raw ? { "content-type": raw.contentType } : {}),
            ...(raw?.contentEncoding ? { "content-encoding": raw.contentEncoding } : {}),
            ...headers,
          },
          body: json !== undefined
            ? JSON.stringify(json)
            : form
            ? new URLSearchParams(form).toString()
            : raw?.bytes,
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "error",
        });
        const retriable = response.status === 429 || response.status >= 500;
        if (retriable && attempt < attempts - 1) {
          await response.body?.cancel();
          const retryAfter = Number(response.headers.get("retry-after"));
          if (response.status === 429 && retryAfter > 0) await sleep(Math.min(retryAfter * 1000, maxDelayMs));
          lastError = `HTTP ${response.status}`;
          continue;
        }
        return { status: response.status, headers: response.headers, body: await readJson(response) };
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
      }
    }
    throw new CloudRequestError(`portal ${this.origin} unreachable after ${attempts} attempts: ${lastError}`);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length > MAX_RESPONSE_BYTES) throw new CloudRequestError("portal answer too large");
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}
