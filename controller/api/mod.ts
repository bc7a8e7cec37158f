/**
 * @module
 * The engine API: TCP:5555 (newline-delimited text commands, JSON events) and its WebSocket bridge on 5556
 * (which also serves the browser front end), both pushing `deck_status` at 30 Hz and forwarding engine events.
 */
import type { CloudTracks } from "../cloud/tracks/types.ts";
import type { DeckStatus, Engine } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import { createClientHub } from "./client_hub.ts";
import { startDeckStatusTicker } from "./deck_status_ticker.ts";
import { deckStatusEvent, engineEventToWire } from "./events.ts";
import { startTcpApi } from "./tcp_server.ts";
import { startWsBridge } from "./ws_bridge.ts";

export const DEFAULT_API_HOST = "127.0.0.1";
export const DEFAULT_TCP_PORT = 5555;
export const DEFAULT_WS_PORT = 5556;

export interface EngineApiOptions {
  engine: Engine;
  logger: Logger;
  /** Address both ports bind to; 127.0.0.1 unless the controller is told to listen on a LAN. */
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  wsPort?: number;
  /** Browser origins allowed on the WebSocket bridge besides the bridge's own page. */
  allowedOrigins?: string[];
  /** The cloud track library behind the `cloud_*` commands and `load_cloud_track`. */
  cloud?: CloudTracks;
  /** Hears every 30 Hz deck snapshot the API sends (telemetry records from it). Must not throw. */
  onDeckStatus?: (decks: DeckStatus[], tsMs: number) => void;
}

export interface EngineApi {
  ports: { tcp: number; ws: number };
  close(): Promise<void>;
}

/**
 * Starts both listeners, the 30 Hz status ticker and the engine event forwarding.
 *
 * @example
 * const api = await startEngineApi({ engine, logger });
 * console.log(api.ports); // { tcp: 5555, ws: 5556 }
 * await api.close();
 */
export function startEngineApi(options: EngineApiOptions): Promise<EngineApi> {
  // Bun binds synchronously and throws on a taken port; callers get that as a rejection.
  try {
    return Promise.resolve(startListeners(options));
  } catch (error) {
    return Promise.reject(error);
  }
}

function startListeners(options: EngineApiOptions): EngineApi {
  const { engine, logger, cloud } = options;
  const host = options.host ?? DEFAULT_API_HOST;
  const hub = createClientHub();
  const tcp = startTcpApi({ hub, engine, logger, cloud, host, port: options.port ?? DEFAULT_TCP_PORT });
  let ws: ReturnType<typeof startWsBridge>;
  try {
    ws = startWsBridge({
      hub,
      engine,
      logger,
      cloud,
      host,
      port: options.wsPort ?? DEFAULT_WS_PORT,
      allowedOrigins: options.allowedOrigins ?? [],
    });
  } catch (error) {
    tcp.stop(true);
    throw error;
  }
  const unsubscribe = engine.onEvent((event) => hub.broadcast(engineEventToWire(event)));
  const ticker = startDeckStatusTicker((tsMs) => {
    try {
      const decks = engine.status();
      hub.broadcastStatus(deckStatusEvent(decks, tsMs));
      options.onDeckStatus?.(decks, tsMs);
    } catch (error) {
      logger.error("api", "deck status failed", { error: String(error) });
    }
  });
  logger.info("api", "engine api listening", { host, tcp: tcp.port, ws: ws.port });
  return {
    ports: { tcp: tcp.port, ws: ws.port ?? 0 },
    async close() {
      ticker.stop();
      unsubscribe();
      tcp.stop(true);
      await ws.stop(true);
    },
  };
}
