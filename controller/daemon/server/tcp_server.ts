/**
 * @module
 * The TCP ports (4710 ConsoleLink-style, 4720 helper-style): both speak NUL-terminated text and accept
 * UBJS frames, and both switch to UBJSON replies after `post command_format?func_id=1 2`.
 */
import type { Socket, TCPSocketListener } from "bun";
import { createNulOrUbjsDecoder } from "../../../shared/framing/mod.ts";
import { decodeUbjson, UbjsonError } from "../../../shared/ubjson/mod.ts";
import { parseMessageObject, parseTextMessage } from "../protocol/command.ts";
import type { CommandHandler } from "../protocol/handler.ts";
import { ClientSession, type SessionContext } from "./client_session.ts";
import { createSocketWriter, type SocketWriter } from "../../net/socket_writer.ts";
import { MAX_MESSAGE_BYTES } from "./message_limit.ts";

interface SocketData {
  session: TcpSession;
}

const NUL = "\0";

class TcpSession extends ClientSession {
  readonly framer = createNulOrUbjsDecoder({ maxFrameSize: MAX_MESSAGE_BYTES });
  readonly #writer: SocketWriter;

  constructor(context: SessionContext, label: string, private readonly socket: Socket<SocketData>) {
    super(context, label);
    this.#writer = createSocketWriter(
      (data) => socket.write(data),
      () => this.overflow(),
      context.maxOutputBytes,
    );
  }

  protected unsentBytes(): number {
    return this.#writer.queuedBytes();
  }

  /** Abrupt: a client that stopped reading would never take a graceful close either. */
  protected terminate(): void {
    this.#writer.clear();
    this.socket.terminate();
  }

  /**
   * Serialises the queue: text messages NUL-terminated (as one string, which the socket encodes
   * without an intermediate Buffer), UBJS frames as they are.
   */
  #drain(): string | Uint8Array {
    const items = this.takeQueue();
    if (items.every((item) => typeof item === "string")) return (items as string[]).join(NUL) + NUL;
    return Buffer.concat(items.map((item) => typeof item === "string" ? Buffer.from(item + NUL) : item));
  }

  flush(): void {
    if (this.closed || this.queue.length === 0) return;
    this.#writer.send(this.#drain());
  }

  /** The kernel took some bytes: send what waited, oldest first. */
  onDrain(): void {
    if (!this.closed) this.#writer.drain();
  }

  /** Sends a final error and closes: used when the byte stream cannot be resynchronised. */
  failAndClose(error: string): void {
    this.send({ path: "", error });
    this.flush();
    this.release();
    this.socket.end();
  }
}

export interface TcpPortOptions {
  hostname: string;
  port: number;
  name: string;
  context: SessionContext;
  handler: CommandHandler;
}

export interface TcpPort {
  port: number;
  connections(): number;
  stop(): void;
}

function handleFrames(session: TcpSession, handler: CommandHandler, chunk: Uint8Array): void {
  for (const result of session.framer.push(chunk)) {
    if (session.closed) return;
    // The framer reports only what the stream cannot recover from (an oversized message).
    if (!result.ok) return session.failAndClose(result.error.message);
    const frame = result.frame;
    if (frame.kind === "text") {
      handler.handle(session, parseTextMessage(frame.text));
      continue;
    }
    let body: unknown;
    try {
      body = decodeUbjson(frame.payload);
    } catch (error) {
      const detail = error instanceof UbjsonError ? error.message : String(error);
      session.send({ path: "", error: `Malformed UBJSON: ${detail}.` });
      continue;
    }
    handler.handle(session, parseMessageObject(body));
  }
}

/** Listens on one TCP port; every connection gets its own session on the shared command layer. */
export function listenTcp(options: TcpPortOptions): TcpPort {
  const { context, handler } = options;
  const sessions = new Set<TcpSession>();
  let nextId = 1;
  const listener: TCPSocketListener<SocketData> = Bun.listen<SocketData>({
    hostname: options.hostname,
    port: options.port,
    socket: {
      open(socket) {
        const label = `${options.name}#${nextId++} ${socket.remoteAddress}`;
        const session = new TcpSession(context, label, socket);
        socket.data = { session };
        sessions.add(session);
        context.logger.debug("daemon", "client connected", { client: label });
      },
      data(socket, chunk) {
        handleFrames(socket.data.session, handler, chunk);
      },
      drain(socket) {
        socket.data.session.onDrain();
      },
      close(socket) {
        const session = socket.data?.session;
        if (!session) return;
        session.release();
        sessions.delete(session);
        context.logger.debug("daemon", "client disconnected", { client: session.label });
      },
      error(socket, error) {
        context.logger.debug("daemon", "socket error", {
          client: socket.data?.session.label,
          error: String(error),
        });
      },
    },
  });
  return {
    port: listener.port,
    connections: () => sessions.size,
    stop() {
      for (const session of sessions) session.close();
      listener.stop(true);
    },
  };
}
