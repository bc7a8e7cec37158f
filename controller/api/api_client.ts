/**
 * @module
 * A minimal TCP client of the engine API, for the integration tests and the benchmark: sends command lines
 * and lets the caller wait for the next event that matches.
 */
import type { Socket } from "bun";
import type { ApiEvent } from "./events.ts";

export interface ApiTestClient {
  send(line: string): void;
  /** Resolves with the first event (already received or coming) that matches, or rejects after `timeoutMs`. */
  next<E extends ApiEvent["event"]>(
    event: E,
    match?: (e: Extract<ApiEvent, { event: E }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ApiEvent, { event: E }>>;
  /** Every event received and not yet consumed by `next`. */
  received: ApiEvent[];
  /** Called for each event as it arrives (the benchmark timestamps with it). */
  onEvent?: (event: ApiEvent) => void;
  closed: Promise<void>;
  close(): void;
}

export async function connectApiClient(port: number, host = "127.0.0.1"): Promise<ApiTestClient> {
  const received: ApiEvent[] = [];
  const waiters = new Set<() => void>();
  let buffered = "";
  let markClosed = () => {};
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const decoder = new TextDecoder();
  const client: ApiTestClient = {
    received,
    closed,
    send: (line) => void socket.write(line + "\n"),
    close: () => socket.end(),
    next(event, match = () => true, timeoutMs = 5000) {
      type E = Extract<ApiEvent, { event: typeof event }>;
      return new Promise<E>((resolve, reject) => {
        const check = () => {
          const index = received.findIndex((e) => e.event === event && match(e as E));
          if (index === -1) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(received.splice(index, 1)[0] as E);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
  const socket: Socket = await Bun.connect({
    hostname: host,
    port,
    socket: {
      open: (s) => void s.setNoDelay(true),
      data(_s, bytes) {
        buffered += decoder.decode(bytes, { stream: true });
        let newline;
        while ((newline = buffered.indexOf("\n")) !== -1) {
          const event = JSON.parse(buffered.slice(0, newline)) as ApiEvent;
          buffered = buffered.slice(newline + 1);
          client.onEvent?.(event);
          received.push(event);
        }
        for (const check of [...waiters]) check();
      },
      close: () => markClosed(),
      error: () => markClosed(),
    },
  });
  return client;
}
