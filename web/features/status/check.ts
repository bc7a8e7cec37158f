/**
 * @module
 * One status check: a real HTTP request to the endpoint, classified as up, degraded or down. A 🔒 endpoint
 * is checked for reachability only: its 401 proves it is live.
 */
import type { StatusEndpoint } from "./registry.ts";

export type StatusState = "up" | "degraded" | "down";

export interface CheckResult {
  endpointId: string;
  state: StatusState;
  httpStatus: number | null;
  responseMs: number | null;
  detail: string | null;
}

/** Slower answers than this count as degraded. */
export const DEGRADED_AFTER_MS = 1500;
/** No answer within this counts as down. */
export const CHECK_TIMEOUT_MS = 5000;

export type Fetch = (request: Request) => Promise<Response>;

/** The base URL an endpoint is reached at: its own target, its service's, or the portal's public URL. */
export function baseUrlFor(
  endpoint: StatusEndpoint,
  publicUrl: string,
  targets: Record<string, string>,
): string {
  return targets[endpoint.id] ?? targets[endpoint.service] ?? publicUrl;
}

export function classify(endpoint: StatusEndpoint, httpStatus: number, responseMs: number): CheckResult {
  const base = { endpointId: endpoint.id, httpStatus, responseMs };
  const live = (httpStatus >= 200 && httpStatus < 300) || endpoint.liveStatuses.includes(httpStatus);
  if (httpStatus === 429) return { ...base, state: "degraded", detail: "rate limited (429)" };
  if (!live) {
    return {
      ...base,
      state: "down",
      detail: httpStatus >= 500 ? `server error ${httpStatus}` : `unexpected ${httpStatus}`,
    };
  }
  if (responseMs > DEGRADED_AFTER_MS) return { ...base, state: "degraded", detail: `slow: ${responseMs} ms` };
  return { ...base, state: "up", detail: null };
}

/**
 * Calls the endpoint once, without credentials.
 *
 * @example
 * ```ts
 * const result = await checkEndpoint(endpoint, "https://mixera.example", fetch);
 * result.state; // "up"
 * ```
 */
export async function checkEndpoint(
  endpoint: StatusEndpoint,
  baseUrl: string,
  fetcher: Fetch,
): Promise<CheckResult> {
  const request = new Request(`${baseUrl}${endpoint.path}`, {
    method: endpoint.method,
    redirect: "manual",
    headers: {
      "user-agent": "MIXERA-status-check",
      ...(endpoint.body !== undefined ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: endpoint.method === "POST" ? (endpoint.body ?? "") : undefined,
    signal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
  });
  const started = performance.now();
  try {
    const response = await fetcher(request);
    await response.body?.cancel();
    return classify(endpoint, response.status, Math.round(performance.now() - started));
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return {
      endpointId: endpoint.id,
      state: "down",
      httpStatus: null,
      responseMs: null,
      detail: timedOut ? `no answer within ${CHECK_TIMEOUT_MS / 1000} s` : "unreachable",
    };
  }
}
