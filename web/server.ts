/**
 * @module
 * Serves a portal app over HTTP with Deno, passing each request's peer address to the app, and closes
 * connections of clients that are too slow. `Deno.serve` has no header, body or idle timeouts, so
 * clients connect to a thin guard that relays each connection to a loopback `Deno.serve` and watches
 * it: headers must be complete `headersMs` after the connection opens (or after the first byte of the
 * next request), a kept-alive connection may wait `idleMs` for that byte, and a body must have arrived
 * `bodyMs` after its headers (enforced by web/http/read_body.ts, which answers 408).
 */
import type { Hono } from "hono";
import type { AppEnv } from "./context.ts";
import { setBodyDeadline } from "./http/read_body.ts";

export interface ConnectionTimeouts {
  headersMs: number;
  bodyMs: number;
  idleMs: number;
}

/** Generous for a person on a slow phone link, short enough that idle sockets do not pile up. */
export const DEFAULT_TIMEOUTS: ConnectionTimeouts = { headersMs: 10_000, bodyMs: 30_000, idleMs: 60_000 };

export interface ServeOptions {
  hostname: string;
  /** 0 picks a free port (tests). */
  port: number;
  onListen?: (address: { hostname: string; port: number }) => void;
  signal?: AbortSignal;
  /** Defaults to DEFAULT_TIMEOUTS; tests shorten them. */
  timeouts?: Partial<ConnectionTimeouts>;
}

export interface PortalServer {
  addr: Deno.NetAddr;
  /** Stops accepting, closes every connection and waits for the server to finish. */
  shutdown(): Promise<void>;
}

const RELAY_BUFFER_BYTES = 16 * 1024;

/** One client connection and its relay to the inner server, with the one timer that may close it. */
class GuardedConnection {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #deadline = 0;
  #inFlight = 0;
  /** Between requests: the first byte from the client starts the header timeout. */
  #waitingForRequest = false;
  #closed = false;

  constructor(
    readonly client: Deno.TcpConn,
    readonly upstream: Deno.TcpConn,
    readonly remoteAddr: string,
    readonly timeouts: ConnectionTimeouts,
    readonly onClose: () => void,
  ) {
    this.#arm(timeouts.headersMs);
  }

  #arm(ms: number): void {
    this.#deadline = Date.now() + ms;
    if (this.#timer === undefined) this.#schedule(ms);
  }

  #schedule(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#inFlight > 0) return;
      const left = this.#deadline - Date.now();
      if (left > 0) this.#schedule(left);
      else this.close();
    }, ms);
  }

  requestStarted(): void {
    this.#inFlight++;
    this.#waitingForRequest = false;
  }

  requestEnded(): void {
    if (--this.#inFlight > 0) return;
    this.#waitingForRequest = true;
    this.#arm(this.timeouts.idleMs);
  }

  clientSent(): void {
    if (!this.#waitingForRequest) return;
    this.#waitingForRequest = false;
    this.#arm(this.timeouts.headersMs);
  }

  /** Response bytes reaching a reading client keep an idle connection alive while they flow. */
  serverSent(): void {
    if (this.#waitingForRequest && this.#inFlight === 0) this.#arm(this.timeouts.idleMs);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    for (const conn of [this.client, this.upstream]) {
      try {
        conn.close();
      } catch { /* already closed by the peer */ }
    }
    this.onClose();
  }
}

/** Copies `from` into `to` until `from` ends, calling `onBytes` per chunk. */
async function relay(from: Deno.TcpConn, to: Deno.TcpConn, onBytes: () => void): Promise<void> {
  const buffer = new Uint8Array(RELAY_BUFFER_BYTES);
  while (true) {
    const read = await from.read(buffer);
    if (read === null) return;
    onBytes();
    let written = 0;
    while (written < read) written += await to.write(buffer.subarray(written, read));
  }
}

/**
 * Serves `app` on `options.hostname:port`.
 *
 * @example
 * ```ts
 * const server = serveApp(app, { hostname: "127.0.0.1", port: 8000 });
 * await server.shutdown();
 * ```
 */
export function serveApp(app: Hono<AppEnv>, options: ServeOptions): PortalServer {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  // Keyed by the relay's local port, which the inner server sees as the peer port.
  const connections = new Map<number, GuardedConnection>();

  const inner = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request, info) => {
    const connection = connections.get(info.remoteAddr.port);
    // Only the guard may talk to the inner server; another local process gets nothing.
    if (!connection) return new Response("Misdirected Request", { status: 421 });
    connection.requestStarted();
    setBodyDeadline(request, Date.now() + timeouts.bodyMs);
    try {
      return await app.fetch(request, { remoteAddr: connection.remoteAddr });
    } finally {
      connection.requestEnded();
    }
  });

  const listener = Deno.listen({ hostname: options.hostname, port: options.port });
  const addr = listener.addr;
  const guard = async (client: Deno.TcpConn) => {
    let upstream: Deno.TcpConn;
    try {
      upstream = await Deno.connect({ hostname: "127.0.0.1", port: inner.addr.port });
    } catch {
      client.close();
      return;
    }
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const port = (upstream.localAddr as Deno.NetAddr).port;
    const connection = new GuardedConnection(
      client,
      upstream,
      (client.remoteAddr as Deno.NetAddr).hostname,
      timeouts,
      () => connections.delete(port),
    );
    connections.set(port, connection);
    const toServer = relay(client, upstream, () => connection.clientSent())
      .then(() => upstream.closeWrite())
      .catch(() => connection.close());
    await relay(upstream, client, () => connection.serverSent()).catch(() => {});
    // The inner server ended the exchange (or a socket failed): the client's connection ends with it.
    connection.close();
    await toServer;
  };
  const accepting = (async () => {
    for await (const client of listener) guard(client);
  })().catch(() => {});

  let stopped: Promise<void> | undefined;
  const shutdown = () =>
    stopped ??= (async () => {
      listener.close();
      await accepting;
      for (const connection of [...connections.values()]) connection.close();
      await inner.shutdown();
    })();
  options.signal?.addEventListener("abort", () => void shutdown(), { once: true });
  options.onListen?.({ hostname: addr.hostname, port: addr.port });
  return { addr, shutdown };
}
