/**
 * @module
 * The controller's accessory side of OCP: accepts links on the TCP port (development boards,
 * simulators), opens the configured serial ports and outgoing TCP peers (redialled with backoff),
 * answers each HELLO with the compatibility policy, publishes accessory events on the bus and sends
 * `SET_FADER_POS` to motorised boards that are allowed to move.
 */
import type { Socket, TCPSocketListener } from "bun";
import { type EventPayload, ocpError, type RespPayload } from "../../shared/ocp/mod.ts";
import type { Logger } from "../log/logger.ts";
import { backoffDelay } from "./backoff.ts";
import { type CompatibilityMatrix, DEFAULT_COMPATIBILITY_MATRIX } from "./compatibility.ts";
import type { AccessoryEvent, AccessoryEventBus } from "./event_bus.ts";
import { type AccessoryAssessment, assessAccessoryHello, helloAckFor } from "./handshake_policy.ts";
import { type LinkIdentity, type LinkTransport, OcpLink, OcpLinkError, type OcpLinkOptions } from "./link.ts";
import { openSerialPort } from "./serial_port.ts";
import { SocketTransport } from "./socket_transport.ts";

/** What the service needs from local state: the trust list, and a place to note accessories seen. */
export interface AccessoryRegistry {
  isTrusted(serial: string): boolean;
  recordSeen(assessment: AccessoryAssessment): void;
}

export interface HostPort {
  host: string;
  port: number;
}

export type LinkTiming = Pick<
  OcpLinkOptions,
  | "heartbeatIntervalMs"
  | "missedHeartbeats"
  | "handshakeTimeoutMs"
  | "connectTimeoutMs"
  | "commandTimeoutMs"
  | "commandRetries"
  | "requestTimeoutMs"
  | "maxFrameSize"
>;

export interface AccessoryServiceOptions {
  identity: LinkIdentity;
  bus: AccessoryEventBus;
  registry: AccessoryRegistry;
  logger: Logger;
  /** TCP listener for accessories; null disables it. Port 0 picks a free port. */
  listen: HostPort | null;
  serialPorts?: { path: string; baud: number }[];
  /** Outgoing TCP accessories (e.g. a board on the LAN), redialled with backoff. */
  dial?: HostPort[];
  matrix?: CompatibilityMatrix;
  timing?: LinkTiming;
  maxPendingBytes?: number;
  /** Base delay of the redial backoff. */
  redialInitialMs?: number;
}

export interface AccessoryStatus {
  link: string;
  state: string;
  serial: string | null;
  model: string | null;
  firmware: string | null;
  compatibility: string | null;
  warnings: string[];
  enabledFeatures: string[];
  amberWarning: string | null;
  /** The policy's telemetry tags (`serial_missing`, `untrusted_accessory`, `unverified`). */
  tags: string[];
}

export type AccessoryNotice =
  | { kind: "connected"; status: AccessoryStatus }
  | { kind: "disconnected"; status: AccessoryStatus; reason: string };

export interface AccessoryService {
  /** The bound TCP address (with the real port when 0 was asked for), or null. */
  readonly tcpAddress: HostPort | null;
  /** One human-readable line per thing listened on / opened. */
  readonly endpoints: string[];
  accessories(): AccessoryStatus[];
  /** Moves a motorised fader; refused unless the accessory's link allows `motorized_faders`. */
  setFaderPosition(serial: string | null, chan: number, pos: number): Promise<RespPayload>;
  onNotice(listener: (notice: AccessoryNotice) => void): () => void;
  close(): Promise<void>;
}

function toBusEvent(event: EventPayload, accessory: string | null): AccessoryEvent {
  switch (event.event) {
    case "FADER_MOVE":
      return { type: "FADER_MOVE", accessory, chan: event.chan, pos: event.pos };
    case "BUTTON":
      return { type: "BUTTON", accessory, id: String(event.id), pressed: event.pressed };
    case "ENCODER":
      return { type: "ENCODER", accessory, id: String(event.id), delta: event.delta };
    case "JOG":
      return event.touch === undefined
        ? { type: "JOG", accessory, deck: event.deck, delta: event.delta }
        : { type: "JOG", accessory, deck: event.deck, delta: event.delta, touch: event.touch };
  }
}

export function startAccessoryService(options: AccessoryServiceOptions): AccessoryService {
  const { logger, bus, registry } = options;
  const matrix = options.matrix ?? DEFAULT_COMPATIBILITY_MATRIX;
  const links = new Set<OcpLink>();
  const assessments = new WeakMap<OcpLink, AccessoryAssessment>();
  const noticeListeners = new Set<(notice: AccessoryNotice) => void>();
  const endpoints: string[] = [];
  const stopOutgoing: (() => void)[] = [];
  let closing = false;

  const statusOf = (link: OcpLink): AccessoryStatus => {
    const a = assessments.get(link);
    return {
      link: link.description,
      state: link.state,
      serial: link.peerSerial,
      model: a?.model ?? link.peerHello?.model_number ?? null,
      firmware: link.peerHello?.firmware_version ?? null,
      compatibility: a?.compatibility ?? null,
      warnings: a?.warnings.map((w) => `${w.code} ${w.message}`) ?? [],
      enabledFeatures: link.enabledFeatures,
      amberWarning: a?.amberWarning ?? null,
      tags: a?.tags ?? [],
    };
  };
  const notify = (notice: AccessoryNotice) => {
    for (const listener of noticeListeners) listener(notice);
  };

  function createLink(onClosed?: (reason: string, connected: boolean) => void): OcpLink {
    let connected = false;
    const link: OcpLink = new OcpLink({
      ...options.timing,
      identity: options.identity,
      peerRole: "accessory",
      logger,
      answerHello: (hello, from) => {
        const assessment = assessAccessoryHello(hello, from, {
          matrix,
          isTrusted: (s) => registry.isTrusted(s),
        });
        assessments.set(link, assessment);
        return helloAckFor(assessment);
      },
      onEvent: (event) => bus.emit(toBusEvent(event, link.peerSerial)),
      onRequest: (request) =>
        request.req === "GET_FIRMWARE"
          ? { firmware_version: options.identity.firmware, model_number: options.identity.model ?? null }
          : { state: link.state, accessories: links.size },
      onConnected: () => {
        connected = true;
        // Recorded once the handshake is over, so the disk write never delays a HELLO_ACK.
        const assessment = assessments.get(link);
        try {
          if (assessment) registry.recordSeen(assessment);
        } catch (error) {
          logger.error("ocp", "could not record accessory", { error: String(error) });
        }
        const status = statusOf(link);
        logger.info("ocp", "accessory connected", { ...status });
        if (status.amberWarning) {
          logger.warn("ocp", status.amberWarning, { serial: status.serial, link: status.link });
        }
        notify({ kind: "connected", status });
      },
      onClosed: (reason) => {
        links.delete(link);
        const status = statusOf(link);
        if (connected) notify({ kind: "disconnected", status, reason });
        logger.info("ocp", "accessory link closed", { link: status.link, serial: status.serial, reason });
        onClosed?.(reason, connected);
      },
    });
    links.add(link);
    return link;
  }

  /** Keeps one outgoing link alive: opens it, and after every loss waits (with backoff) and reopens. */
  function superviseOutgoing(
    label: string,
    open: (link: OcpLink) => Promise<{ transport: LinkTransport }>,
  ): void {
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let current: OcpLink | null = null;
    const retry = () => {
      if (closing) return;
      const delay = backoffDelay(attempt++, { initialMs: options.redialInitialMs ?? 250 });
      logger.debug("ocp", "redialling", { link: label, delay_ms: delay, attempt });
      timer = setTimeout(dial, delay);
    };
    const dial = async () => {
      timer = null;
      if (closing) return;
      const link = createLink((_reason, connected) => {
        if (connected) attempt = 0;
        current = null;
        retry();
      });
      current = link;
      link.beginConnect();
      try {
        const { transport } = await open(link);
        if (link.state === "CONNECTING") link.attach(transport);
        else transport.close();
      } catch (error) {
        logger.warn("ocp", "cannot open accessory link", { link: label, error: String(error) });
        link.close("open failed");
      }
    };
    stopOutgoing.push(() => {
      if (timer) clearTimeout(timer);
      current?.close("service stopping");
    });
    dial();
  }

  type SocketData = { link: OcpLink; transport: SocketTransport };
  let listener: TCPSocketListener<SocketData> | null = null;
  if (options.listen) {
    listener = Bun.listen<SocketData>({
      hostname: options.listen.host,
      port: options.listen.port,
      socket: {
        open(socket) {
          socket.setNoDelay(true);
          const transport = new SocketTransport(
            socket as Socket<unknown>,
            `tcp ${socket.remoteAddress}:${socket.remotePort}`,
            options.maxPendingBytes,
          );
          const link = createLink();
          socket.data = { link, transport };
          link.attach(transport);
        },
        data(socket, chunk) {
          socket.data.link.receive(chunk);
        },
        drain(socket) {
          socket.data.transport.drain();
        },
        close(socket) {
          socket.data?.link.transportClosed();
        },
        error(socket, error) {
          logger.warn("ocp", "accessory socket error", { error: String(error) });
          socket.data?.link.transportClosed();
        },
      },
    });
    endpoints.push(`ocp accessories: tcp ${listener.hostname}:${listener.port}`);
  }

  for (const port of options.serialPorts ?? []) {
    endpoints.push(`ocp accessories: serial ${port.path} @ ${port.baud} baud`);
    superviseOutgoing(`serial ${port.path}`, async (link) =>
      await openSerialPort({
        path: port.path,
        baud: port.baud,
        onData: (chunk) => link.receive(chunk),
        onClose: () => link.transportClosed(),
        maxPendingBytes: options.maxPendingBytes,
      }));
  }

  for (const target of options.dial ?? []) {
    endpoints.push(`ocp accessories: dialling tcp ${target.host}:${target.port}`);
    superviseOutgoing(
      `tcp ${target.host}:${target.port}`,
      (link) => dialTcp(target, link, options.maxPendingBytes),
    );
  }

  return {
    tcpAddress: listener ? { host: listener.hostname, port: listener.port } : null,
    endpoints,
    accessories: () => [...links].map(statusOf),
    async setFaderPosition(serial, chan, pos) {
      const link = [...links].find((l) => l.state === "CONNECTED" && l.peerSerial === serial);
      if (!link) {
        throw new OcpLinkError(
          ocpError("HANDSHAKE_REQUIRED", `no connected accessory ${serial ?? "(no serial)"}`),
        );
      }
      return await link.command({ cmd: "SET_FADER_POS", chan, pos });
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    async close() {
      closing = true;
      for (const stop of stopOutgoing) stop();
      listener?.stop(true);
      for (const link of links) link.close("service stopping");
      await Bun.sleep(0);
    },
  };
}

/** Opens an outgoing TCP link (the controller dials an accessory on the network). */
export async function dialTcp(
  target: HostPort,
  link: OcpLink,
  maxPendingBytes?: number,
): Promise<{ transport: SocketTransport }> {
  let transport: SocketTransport | null = null;
  await Bun.connect<null>({
    hostname: target.host,
    port: target.port,
    socket: {
      open(socket) {
        socket.setNoDelay(true);
        transport = new SocketTransport(
          socket as Socket<unknown>,
          `tcp ${target.host}:${target.port}`,
          maxPendingBytes,
        );
      },
      data(_socket, chunk) {
        link.receive(chunk);
      },
      drain() {
        transport?.drain();
      },
      close() {
        link.transportClosed();
      },
      error() {
        link.transportClosed();
      },
    },
  });
  return { transport: transport! };
}
