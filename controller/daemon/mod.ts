/**
 * @module
 * The mixer daemon: one state tree served on TCP 4710 (NUL-terminated JSON), TCP 4720 (UBJSON after
 * `post command_format`) and WebSocket 4721, with metering and persistence. The engine reads and
 * writes the mixer through the returned `tree` (getValue / setValue / watch) and feeds meters through
 * `meters`.
 *
 * @example
 * ```ts
 * const daemon = await startMixerDaemon({ logger, ports: { text: 0, ubjson: 0, ws: 0 } });
 * daemon.tree.setValue("/devices/0/inputs/0/FaderLevel", -6);
 * await daemon.close();
 * ```
 */
import type { Logger } from "../log/logger.ts";
import { type CaptureMeter, type CaptureMeterOptions, startCaptureMeter } from "./metering/alsa_capture.ts";
import { type MeterInput, MeterService } from "./metering/meter_service.ts";
import { startTestTone } from "./metering/test_tone.ts";
import { CommandHandler, type DaemonIds, newHexId } from "./protocol/handler.ts";
import { DEFAULT_MAX_OUTPUT_BYTES, type SessionContext } from "./server/client_session.ts";
import { FlushScheduler } from "./server/flush_scheduler.ts";
import { advertiseMixer, isLoopbackHost, mdnsInterfaceFor } from "./server/mdns.ts";
import { listenTcp, type TcpPort } from "./server/tcp_server.ts";
import { listenWebSocket, type WsPort } from "./server/ws_server.ts";
import { createMixeraTree } from "./tree/device_model.ts";
import { loadDeviceMapFile } from "./tree/device_map.ts";
import { StatePersistence } from "./tree/persistence.ts";
import type { StateTree } from "./tree/state_tree.ts";

export { measureBlock } from "./metering/mod.ts";
export type { MeterInput } from "./metering/meter_service.ts";
export type { CaptureMeterOptions } from "./metering/alsa_capture.ts";
export type { StateTree } from "./tree/state_tree.ts";

export const DEFAULT_PORTS = { text: 4710, ubjson: 4720, ws: 4721 } as const;

export interface DaemonPorts {
  text: number;
  ubjson: number;
  ws: number;
}

export interface MixerDaemonOptions {
  /** Interface to bind (default 127.0.0.1); anything beyond loopback also turns on mDNS. */
  host?: string;
  /** 0 picks an ephemeral port; the handle reports what was bound. */
  ports?: DaemonPorts;
  /** Browser Origins allowed on the WebSocket port (clients without Origin are always allowed). */
  allowedOrigins?: string[];
  /** A captured `{device_name, controls}` map to serve instead of the built-in MIXERA model. */
  deviceMapFile?: string;
  /** Where values persist across restarts; no persistence without it. */
  stateFile?: string;
  /** Feed the deck and master meters from a sine test tone (until the engine supplies buffers). */
  meterTestTone?: boolean;
  /** ALSA capture devices metered onto tree nodes (line inputs the engine does not play). */
  captureMeters?: CaptureMeterOptions[];
  /** Advertise `_uamixer._tcp` (default: only when the host is not loopback). */
  mdns?: boolean;
  /** Per-client output bound before a non-reading client is disconnected (default 2 MiB). */
  maxOutputBytes?: number;
  logger: Logger;
}

export interface MixerDaemon {
  tree: StateTree;
  meters: MeterInput;
  ports: DaemonPorts;
  ids: DaemonIds;
  /** Open connections per port. */
  connections(): DaemonPorts;
  close(): Promise<void>;
}

/** Starts the daemon; rejects (with everything already opened closed again) if a port cannot be bound. */
export async function startMixerDaemon(options: MixerDaemonOptions): Promise<MixerDaemon> {
  const { logger } = options;
  const host = options.host ?? "127.0.0.1";
  const requested = options.ports ?? DEFAULT_PORTS;
  const onListenerError = (error: unknown) =>
    logger.error("daemon", "tree listener failed", { error: String(error) });
  const tree = options.deviceMapFile
    ? await loadDeviceMapFile(options.deviceMapFile, { onListenerError })
    : createMixeraTree({ onListenerError });
  const persistence = options.stateFile ? new StatePersistence(tree, options.stateFile, logger) : null;
  persistence?.start();

  const ids: DaemonIds = { networkId: newHexId(), processId: newHexId() };
  const handler = new CommandHandler(tree, ids, logger);
  const context: SessionContext = {
    tree,
    scheduler: new FlushScheduler(),
    logger,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  };

  const opened: (TcpPort | WsPort)[] = [];
  let text: TcpPort, ubjson: TcpPort, ws: WsPort;
  try {
    text = listenTcp({ hostname: host, port: requested.text, name: "tcp4710", context, handler });
    opened.push(text);
    ubjson = listenTcp({ hostname: host, port: requested.ubjson, name: "tcp4720", context, handler });
    opened.push(ubjson);
    ws = listenWebSocket({
      hostname: host,
      port: requested.ws,
      allowedOrigins: options.allowedOrigins ?? [],
      context,
      handler,
    });
    opened.push(ws);
  } catch (error) {
    for (const port of opened) port.stop();
    persistence?.close();
    throw new Error(`mixer daemon: cannot listen on ${host}: ${(error as Error).message}`);
  }

  const meters = new MeterService(tree);
  meters.start();
  const meteredNodes = [
    "/devices/0/inputs/0",
    "/devices/0/inputs/1",
    "/devices/0/inputs/2",
    "/devices/0/inputs/3",
  ]
    .concat("/devices/0/outputs/18")
    .filter((path) => tree.property(`${path}/meters/1/MeterLevel`));
  const stopTone = options.meterTestTone ? startTestTone(meters, { nodePaths: meteredNodes }) : null;
  const captures: CaptureMeter[] = [];
  for (const capture of options.captureMeters ?? []) {
    // A missing sound card must not keep the mixer from serving: log and carry on.
    try {
      captures.push(
        await startCaptureMeter(meters, capture, (message) => logger.error("daemon", message)),
      );
    } catch (error) {
      logger.error("daemon", "capture meter not started", { error: (error as Error).message });
    }
  }

  const ports: DaemonPorts = { text: text.port, ubjson: ubjson.port, ws: ws.port };
  const advertise = options.mdns ?? !isLoopbackHost(host);
  const withdraw = advertise
    ? advertiseMixer(
      ports.text,
      `MIXERA ${String(tree.getValue("/devices/0/DeviceName") ?? "mixer")}`,
      logger,
      mdnsInterfaceFor(host),
    )
    : null;
  logger.info("daemon", "mixer daemon listening", {
    host,
    ...ports,
    properties: tree.propertyCount,
    stateFile: options.stateFile,
  });

  let closed = false;
  return {
    tree,
    meters,
    ports,
    ids,
    connections: () => ({ text: text.connections(), ubjson: ubjson.connections(), ws: ws.connections() }),
    async close() {
      if (closed) return;
      closed = true;
      stopTone?.();
      await Promise.all(captures.map((capture) => capture.stop()));
      meters.stop();
      for (const port of opened) port.stop();
      await withdraw?.();
      persistence?.close();
      logger.info("daemon", "mixer daemon stopped");
    },
  };
}
