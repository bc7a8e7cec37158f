/**
 * @module
 * The WebSocket bridge (5556): the same text commands and JSON events as TCP:5555, one per frame, for
 * browser front ends. The same port serves the controller's own browser UI over HTTP. Browsers always send
 * `Origin`; a browser page from an origin outside the allow-list is refused (403) so a random web page
 * cannot drive the decks. Clients without `Origin` (native apps, scripts) are not browsers and are allowed.
 */
import type { Server, ServerWebSocket } from "bun";
import { networkInterfaces } from "node:os";
import type { FrameDecoder } from "../../shared/framing/mod.ts";
import type { Logger } from "../log/logger.ts";
import { refuseForeignOrigin } from "../net/origin.ts";
import { serveUi } from "../ui/mod.ts";
import { type ApiClient, type ClientHub, MAX_CLIENTS } from "./client_hub.ts";
import { type ApiEvent, encodeEvent } from "./events.ts";
import { createCommandLineDecoder, handleLines, type SessionDependencies } from "./api_session.ts";
import { applySocketBufferSizes } from "./socket_buffers.ts";

/** A client whose unsent frames pass this many bytes is not reading: Bun closes it. */
export const WS_BACKPRESSURE_LIMIT_BYTES = 1 << 20;
/** Large enough to answer an oversize frame with an error event instead of a protocol close. */
const WS_MAX_FRAME_BYTES = 64 * 1024;

export interface WsBridgeOptions extends SessionDependencies {
  hub: ClientHub;
  host: string;
  port: number;
  /** Extra origins allowed besides the bridge's own (its UI is served from it). */
  allowedOrigins: string[];
}

interface WsConnection {
  client?: ApiClient;
  lines?: FrameDecoder<string>;
}

const encoder = new TextEncoder();
/** A frame is a whole message: its last line ends with the frame even without a newline. */
const END_OF_FRAME = encoder.encode("\n");

/**
 * The origins the bridge's own page can have: its loopback names, and the bound address (every interface's
 * address when bound to all). A Host-header comparison would not do: a DNS-rebinding page sends a matching Host.
 *
 * @example
 * pageOrigins("127.0.0.1", 5556); // ["http://127.0.0.1:5556", "http://localhost:5556", "http://[::1]:5556"]
 */
export function pageOrigins(host: string, port: number): string[] {
  const wildcard = host === "0.0.0.0" || host === "::";
  const addresses = wildcard
    ? Object.values(networkInterfaces()).flat().map((address) => address?.address ?? "")
    : [host];
  const names = new Set(["127.0.0.1", "localhost", "::1", ...addresses.filter((a) => a !== "")]);
  return [...names].map((name) => `http://${name.includes(":") ? `[${name}]` : name}:${port}`);
}

export function startWsBridge(options: WsBridgeOptions): Server<WsConnection> {
  const { hub, engine, logger, cloud } = options;
  let ownOrigins: string[] = [];
  const server: Server<WsConnection> = Bun.serve<WsConnection>({
    hostname: options.host,
    port: options.port,
    fetch(request, server) {
      if (request.headers.get("upgrade")?.toLowerCase() === "websocket") {
        const refusal = refuseForeignOrigin(
          request,
          [...ownOrigins, ...options.allowedOrigins],
          logger,
          "api",
        );
        if (refusal) return refusal;
        if (hub.size() >= MAX_CLIENTS) {
          return new Response(`too many clients (${MAX_CLIENTS})\n`, { status: 503 });
        }
        if (server.upgrade(request, { data: {} })) return undefined;
        return new Response("websocket upgrade failed\n", { status: 400 });
      }
      return serveUi(request) ?? new Response("not found\n", { status: 404 });
    },
    websocket: {
      maxPayloadLength: WS_MAX_FRAME_BYTES,
      // Room above our own bound, so a frame is never silently dropped before the check in `send` sees it.
      backpressureLimit: 2 * WS_BACKPRESSURE_LIMIT_BYTES,
      sendPings: true,
      open(ws) {
        ws.data.lines = createCommandLineDecoder();
        ws.data.client = wsClient(ws, logger);
        hub.add(ws.data.client);
      },
      message(ws, message) {
        const client = ws.data.client!;
        const reply = (event: ApiEvent) => client.send(encodeEvent(event));
        const lines = ws.data.lines!;
        const bytes = typeof message === "string" ? encoder.encode(message) : message;
        handleLines([...lines.push(bytes), ...lines.push(END_OF_FRAME)], { engine, logger, cloud }, reply);
      },
      close(ws) {
        if (ws.data.client) hub.remove(ws.data.client);
      },
    },
  });
  ownOrigins = pageOrigins(options.host, server.port!);
  applySocketBufferSizes(server.port!, logger);
  return server;
}

function wsClient(ws: ServerWebSocket<WsConnection>, logger: Logger): ApiClient {
  let cutOff = false;
  return {
    send(json) {
      if (cutOff) return;
      // Bun drops a frame once its buffer passes backpressureLimit (send returns 0); cutting the client off at
      // our own, lower bound means no event is ever silently lost to a client that stays connected.
      if (ws.send(json) === 0 || ws.getBufferedAmount() > WS_BACKPRESSURE_LIMIT_BYTES) {
        cutOff = true;
        logger.warn("api", "websocket client dropped: not reading its events", { remote: ws.remoteAddress });
        ws.terminate();
      }
    },
    sendStatus: (json) => {
      if (ws.getBufferedAmount() > 0) return false;
      ws.send(json);
      return true;
    },
  };
}
