/** @module Serves a portal app over HTTP with Deno, passing each request's peer address to the app. */
import type { Hono } from "hono";
import type { AppEnv } from "./context.ts";

export interface ServeOptions {
  hostname: string;
  /** 0 picks a free port (tests). */
  port: number;
  onListen?: (address: { hostname: string; port: number }) => void;
  signal?: AbortSignal;
}

export function serveApp(app: Hono<AppEnv>, options: ServeOptions): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve(
    {
      hostname: options.hostname,
      port: options.port,
      signal: options.signal,
      onListen: options.onListen ?? (() => {}),
    },
    (request, info) => app.fetch(request, { remoteAddr: info.remoteAddr.hostname }),
  );
}
