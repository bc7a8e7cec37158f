/**
 * @module
 * Questions put to a controller's engine API over TCP, from outside its process: the trial's health
 * check (it counts as healthy once the API accepts a connection and answers `ping` with a `pong`
 * event — listening alone is not enough, a hung event loop still has its socket open) and, for
 * `update --apply`, whether any deck is playing.
 */
import { connect } from "node:net";

export interface EngineApiTarget {
  host: string;
  port: number;
}

/** Largest amount read while waiting for the answer (30 Hz deck_status events arrive in between). */
const MAX_REPLY_BYTES = 256 * 1024;

type ApiEvent = { event?: unknown; data?: unknown };

/** Sends one command line; resolves with the first event `matches` accepts, or null on timeout or error. */
export function askEngineApi(
  target: EngineApiTarget,
  command: string,
  matches: (event: ApiEvent) => boolean,
  timeoutMs: number,
): Promise<ApiEvent | null> {
  return new Promise((resolve) => {
    let received = "";
    let read = 0;
    const socket = connect({ host: target.host, port: target.port });
    const finish = (event: ApiEvent | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(event);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(`${command}\n`));
    socket.on("data", (chunk: string) => {
      read += chunk.length;
      received += chunk;
      const lines = received.split("\n");
      received = lines.pop() ?? "";
      const found = lines.map(parseEvent).find((event) => event !== null && matches(event));
      if (found) return finish(found);
      if (read > MAX_REPLY_BYTES) finish(null);
    });
    socket.on("error", () => finish(null));
    socket.on("close", () => finish(null));
  });
}

function parseEvent(line: string): ApiEvent | null {
  try {
    const value = JSON.parse(line);
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}

/**
 * Probes every `intervalMs` until a pong, until `deadline` (epoch ms) passes, or until `stop` resolves.
 *
 * @example
 * const healthy = await waitUntilHealthy({ host: "127.0.0.1", port: 5555 }, Date.now() + 60_000);
 */
export async function waitUntilHealthy(
  target: EngineApiTarget,
  deadline: number,
  { intervalMs = 250, stop }: { intervalMs?: number; stop?: Promise<unknown> } = {},
): Promise<boolean> {
  let stopped = false;
  void stop?.then(() => stopped = true);
  while (!stopped && Date.now() < deadline) {
    const timeout = Math.max(50, Math.min(2_000, deadline - Date.now()));
    if (await askEngineApi(target, "ping", (event) => event.event === "pong", timeout)) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}

/** True or false as a deck plays; null when the engine API does not answer (no controller running). */
export async function anyDeckPlaying(target: EngineApiTarget, timeoutMs = 2_000): Promise<boolean | null> {
  const status = await askEngineApi(
    target,
    "get_deck_status",
    (event) => event.event === "deck_status",
    timeoutMs,
  );
  if (!status) return null;
  const decks = (status.data as { decks?: { playing?: unknown }[] } | undefined)?.decks ?? [];
  return decks.some((deck) => deck.playing === true);
}
