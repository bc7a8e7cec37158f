/**
 * @module
 * Protocol clients for the daemon's tests and benchmark: a TCP client that understands both NUL text
 * and UBJS frames, and a WebSocket client. Each queues what arrives so tests can await the next reply.
 */
import type { Socket } from "bun";
import { decodeUbjson } from "../../../shared/ubjson/mod.ts";
import { createNulOrUbjsDecoder } from "../../../shared/framing/mod.ts";
import { createSocketWriter, type SocketWriter } from "../../net/socket_writer.ts";

export type Message = Record<string, unknown>;

/** Queue of received messages with promise-based waiting. */
class Inbox {
  readonly messages: Message[] = [];
  #waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  closed = false;
  #onClose: (() => void)[] = [];

  deliver(message: Message): void {
    const index = this.#waiters.findIndex((w) => w.match(message));
    if (index >= 0) {
      const [waiter] = this.#waiters.splice(index, 1);
      waiter.resolve(message);
      return;
    }
    this.messages.push(message);
  }

  /** The first queued or future message that matches (default: any). */
  next(match: (m: Message) => boolean = () => true, timeoutMs = 5000): Promise<Message> {
    const index = this.messages.findIndex(match);
    if (index >= 0) return Promise.resolve(this.messages.splice(index, 1)[0]);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const at = this.#waiters.indexOf(waiter);
        if (at >= 0) this.#waiters.splice(at, 1);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (message: Message) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      this.#waiters.push(waiter);
    });
  }

  markClosed(): void {
    this.closed = true;
    for (const callback of this.#onClose.splice(0)) callback();
  }

  whenClosed(): Promise<void> {
    return this.closed ? Promise.resolve() : new Promise((resolve) => this.#onClose.push(resolve));
  }
}

export class TcpTestClient {
  readonly inbox = new Inbox();
  /** Raw frame kinds in arrival order ("text" / "ubjson"), to check wire formats. */
  readonly kinds: string[] = [];
  #socket!: Socket<undefined>;
  #framer = createNulOrUbjsDecoder({ maxFrameSize: 256 * 1024 * 1024 });
  /** Keeps what the kernel did not take yet (Bun's socket.write does not buffer); tests never overflow it. */
  #writer!: SocketWriter;

  static async connect(port: number, onRaw?: (frames: number) => void): Promise<TcpTestClient> {
    const client = new TcpTestClient();
    client.#socket = await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        data: (_socket, chunk) => {
          const frames = client.#framer.push(chunk);
          onRaw?.(frames.length);
          for (const result of frames) {
            client.kinds.push(result.ok ? result.frame.kind : "fatal");
            if (!result.ok) continue;
            const frame = result.frame;
            if (frame.kind === "text") client.inbox.deliver(JSON.parse(frame.text));
            else if (frame.kind === "ubjson") client.inbox.deliver(decodeUbjson(frame.payload) as Message);
          }
        },
        drain: () => client.#writer.drain(),
        close: () => client.inbox.markClosed(),
        error: () => client.inbox.markClosed(),
      },
    });
    const socket = client.#socket;
    client.#writer = createSocketWriter((data) => socket.write(data), () => {}, Number.POSITIVE_INFINITY);
    return client;
  }

  /** Sends one NUL-terminated text command. */
  send(text: string): void {
    this.sendBytes(Buffer.from(`${text}\0`));
  }
  sendBytes(bytes: Uint8Array): void {
    this.#writer.send(bytes);
  }
  /** Sends and waits for the next message. */
  request(text: string): Promise<Message> {
    this.send(text);
    return this.inbox.next();
  }
  next(match?: (m: Message) => boolean): Promise<Message> {
    return this.inbox.next(match);
  }
  close(): void {
    this.#socket.end();
  }
}

export class WsTestClient {
  readonly inbox = new Inbox();
  #ws!: WebSocket;

  static connect(port: number, headers: Record<string, string> = {}): Promise<WsTestClient> {
    const client = new WsTestClient();
    // Bun's WebSocket accepts headers (e.g. Origin) as an extension of the standard constructor.
    client.#ws = new WebSocket(`ws://127.0.0.1:${port}`, { headers } as unknown as string[]);
    client.#ws.binaryType = "arraybuffer";
    client.#ws.onmessage = (event) => {
      if (typeof event.data === "string") client.inbox.deliver(JSON.parse(event.data));
      else client.inbox.deliver({ binary: new Uint8Array(event.data as ArrayBuffer) });
    };
    client.#ws.onclose = () => client.inbox.markClosed();
    return new Promise((resolve, reject) => {
      client.#ws.onopen = () => resolve(client);
      client.#ws.onerror = () => reject(new Error("websocket refused"));
    });
  }

  send(text: string | Uint8Array): void {
    this.#ws.send(text);
  }
  request(text: string): Promise<Message> {
    this.send(text);
    return this.inbox.next();
  }
  next(match?: (m: Message) => boolean): Promise<Message> {
    return this.inbox.next(match);
  }
  close(): void {
    this.#ws.close();
  }
}
