/**
 * @module
 * The TCP:5555 engine API: newline-delimited text commands in, newline-delimited JSON events out.
 * Nagle is off on every connection (a small event line must not wait for the previous one's ACK) and each client has a bounded outbox, so a
 * client that stops reading loses status frames and, past the bound, its connection — never the others' time.
 */
import type { Socket, TCPSocketListener } from "bun";
import { type ApiClient, type ClientHub, MAX_CLIENTS } from "./client_hub.ts";
import { type ApiEvent, encodeEvent } from "./events.ts";
import { createSocketWriter, type SocketWriter } from "../net/socket_writer.ts";
import { createCommandLineDecoder, handleLines, type SessionDependencies } from "./api_session.ts";
import { applySocketBufferSizes } from "./socket_buffers.ts";

export interface TcpApiOptions extends SessionDependencies {
  hub: ClientHub;
  host: string;
  port: number;
  outboxLimitBytes?: number;
}

interface Connection {
  client: ApiClient;
  outbox: SocketWriter;
  feed: (bytes: Uint8Array) => void;
}

export function startTcpApi(options: TcpApiOptions): TCPSocketListener<Connection | undefined> {
  const { hub, engine, logger, cloud } = options;
  const encoder = new TextEncoder();
  // A broadcast hands every client the same JSON string: encode it once, not once per client.
  let lastJson = "";
  let lastLine = new Uint8Array();
  const line = (json: string) => {
    if (json !== lastJson) [lastJson, lastLine] = [json, encoder.encode(json + "\n")];
    return lastLine;
  };

  const connect = (socket: Socket<Connection | undefined>): Connection => {
    const outbox = createSocketWriter(
      (bytes) => socket.write(bytes),
      () => {
        logger.warn("api", "tcp client dropped: not reading its events", { remote: socket.remoteAddress });
        // A graceful end would queue behind the unread data; this client is gone either way.
        socket.terminate();
      },
      options.outboxLimitBytes,
    );
    const client: ApiClient = {
      send: (json) => void outbox.send(line(json)),
      sendStatus: (json) => outbox.sendDroppable(line(json)),
    };
    const lines = createCommandLineDecoder();
    const reply = (event: ApiEvent) => client.send(encodeEvent(event));
    return {
      client,
      outbox,
      feed: (bytes) => handleLines(lines.push(bytes), { engine, logger, cloud }, reply),
    };
  };

  const listener = Bun.listen<Connection | undefined>({
    hostname: options.host,
    port: options.port,
    data: undefined,
    socket: {
      open(socket) {
        socket.setNoDelay(true);
        if (hub.size() >= MAX_CLIENTS) {
          socket.end(
            line(encodeEvent({ event: "error", data: { message: `too many clients (${MAX_CLIENTS})` } })),
          );
          return;
        }
        socket.data = connect(socket);
        hub.add(socket.data.client);
        logger.debug("api", "tcp client connected", { remote: socket.remoteAddress, clients: hub.size() });
      },
      data(socket, bytes) {
        socket.data?.feed(bytes);
      },
      drain(socket) {
        socket.data?.outbox.drain();
      },
      close(socket) {
        if (!socket.data) return;
        hub.remove(socket.data.client);
        logger.debug("api", "tcp client disconnected", { remote: socket.remoteAddress, clients: hub.size() });
      },
      error(socket, error) {
        logger.warn("api", "tcp client error", { remote: socket.remoteAddress, error: String(error) });
      },
    },
  });
  applySocketBufferSizes(listener.port, logger);
  return listener;
}
