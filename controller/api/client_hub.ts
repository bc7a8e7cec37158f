/**
 * @module
 * The set of connected API clients (TCP and WebSocket alike) and the two ways to reach them: events that
 * must arrive (replies, engine events — bounded per client, a client that exceeds the bound is dropped) and
 * status frames that may be skipped (dropped for a client that has not read its previous data yet).
 */
import type { ApiEvent } from "./events.ts";
import { encodeEvent } from "./events.ts";

/** TCP and WebSocket clients together; one more is refused with an error. */
export const MAX_CLIENTS = 256;

export interface ApiClient {
  /** Queues one event line; a client whose backlog passes its limit is disconnected. */
  send(json: string): void;
  /** Sends a status frame unless the client still has a backlog; returns false when it was dropped. */
  sendStatus(json: string): boolean;
}

export interface ClientHub {
  add(client: ApiClient): void;
  remove(client: ApiClient): void;
  size(): number;
  broadcast(event: ApiEvent): void;
  broadcastStatus(event: ApiEvent): void;
  /** Status frames skipped so far because their client was behind. */
  droppedStatusFrames(): number;
}

export function createClientHub(): ClientHub {
  const clients = new Set<ApiClient>();
  let dropped = 0;
  return {
    add: (client) => void clients.add(client),
    remove: (client) => void clients.delete(client),
    size: () => clients.size,
    broadcast(event) {
      const json = encodeEvent(event);
      for (const client of clients) client.send(json);
    },
    broadcastStatus(event) {
      if (clients.size === 0) return;
      const json = encodeEvent(event);
      for (const client of clients) if (!client.sendStatus(json)) dropped++;
    },
    droppedStatusFrames: () => dropped,
  };
}
