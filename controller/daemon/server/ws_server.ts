/**
 * @module
 * WebSocket 4721: one JSON text frame per command and per reply, on the same command layer. Browser
 * Origins outside the allow-list are refused before the upgrade (the controller's one Origin check).
 */
import type { Server, ServerWebSocket } from "bun";
import { decodeUbjson, startsWithUbjsMagic, ubjsFramePayload } from "../../../shared/ubjson/mod.ts";
import { type Parsed, parseMessageObject, parseTextMessage } from "../protocol/command.ts";
import type { CommandHandler } from "../protocol/handler.ts";
import { refuseForeignOrigin } from "../../net/origin.ts";
import { ClientSession, type SessionContext } from "./client_session.ts";
import { MAX_MESSAGE_BYTES } from "./message_limit.ts";

interface WsData {
  session: WsSession | null;
  remote: string;
}

class WsSession extends ClientSession {
  constructor(context: SessionContext, label: string, private readonly ws: ServerWebSocket<WsData>) {
    super(context, label);
    // 4721 has the 4720 grammar without the UBJSON binary layer: `command_format 2` (which UA
    // Connect-style clients send first) is confirmed like on TCP, and replies stay JSON text frames.
    Object.defineProperty(this, "binary", { get: () => false, set: () => {} });
  }

  protected unsentBytes(): number {
    return this.ws.getBufferedAmount();
  }

  /** Abrupt: a close frame would queue behind the very output the client is not reading. */
  protected terminate(): void {
    this.ws.terminate();
  }

  flush(): void {
    if (this.closed || this.queue.length === 0) return;
    const items = this.takeQueue();
    this.ws.cork((ws) => {
      for (const item of items) {
        if (typeof item === "string") ws.sendText(item);
        else ws.sendBinary(item);
      }
    });
    if (this.ws.getBufferedAmount() > this.context.maxOutputBytes) this.overflow();
  }
}

function parseFrame(message: string | Buffer): Parsed {
  if (typeof message === "string") return parseTextMessage(message.replace(/\0+$/, ""));
  if (!startsWithUbjsMagic(message)) {
    return parseTextMessage(new TextDecoder().decode(message).replace(/\0+$/, ""));
  }
  try {
    const payload = ubjsFramePayload(message);
    if (!payload) throw new Error("frame shorter than its declared length");
    return parseMessageObject(decodeUbjson(payload));
  } catch (error) {
    return { kind: "error", path: "", error: `Malformed UBJSON: ${(error as Error).message}.` };
  }
}

export interface WsPortOptions {
  hostname: string;
  port: number;
  allowedOrigins: readonly string[];
  context: SessionContext;
  handler: CommandHandler;
}

export interface WsPort {
  port: number;
  connections(): number;
  stop(): void;
}

export function listenWebSocket(options: WsPortOptions): WsPort {
  const { context, handler } = options;
  const sessions = new Set<WsSession>();
  let nextId = 1;
  const server: Server<WsData> = Bun.serve<WsData>({
    hostname: options.hostname,
    port: options.port,
    fetch(request, server) {
      const refusal = refuseForeignOrigin(request, options.allowedOrigins, context.logger, "daemon");
      if (refusal) return refusal;
      const remote = server.requestIP(request)?.address ?? "?";
      if (server.upgrade(request, { data: { session: null, remote } })) return undefined;
      return new Response("WebSocket only (mixer daemon)\n", { status: 426 });
    },
    websocket: {
      maxPayloadLength: MAX_MESSAGE_BYTES,
      // The session enforces its own bound and logs; Bun's must never drop frames silently first.
      backpressureLimit: 2 ** 30,
      closeOnBackpressureLimit: false,
      open(ws) {
        const session = new WsSession(context, `ws#${nextId++} ${ws.data.remote}`, ws);
        ws.data.session = session;
        sessions.add(session);
      },
      message(ws, message) {
        const session = ws.data.session;
        if (session && !session.closed) handler.handle(session, parseFrame(message));
      },
      drain() {},
      close(ws) {
        const session = ws.data.session;
        if (!session) return;
        session.release();
        sessions.delete(session);
      },
    },
  });
  return {
    port: server.port!,
    connections: () => sessions.size,
    stop() {
      for (const session of sessions) session.close();
      server.stop(true);
    },
  };
}
