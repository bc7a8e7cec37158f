/**
 * @module
 * The `run` command's service start-up and orderly shutdown. Each service is a {@link ServiceStarter}
 * in {@link CONTROLLER_SERVICES}; they start in order (a failure stops the ones already started, in
 * reverse) and stop in reverse order on SIGINT/SIGTERM. Starters share the event bus, store, logger
 * and config through the {@link RunContext}, and hand objects to later starters with `provide`.
 */
import { MSGPACK_FEATURE } from "../shared/codecs/mod.ts";
import type { ControllerConfig } from "./config/schema.ts";
import type { Logger } from "./log/logger.ts";
import { startAccessoryService } from "./ocp/accessory_service.ts";
import { type AccessoryEventBus, createAccessoryEventBus } from "./ocp/event_bus.ts";
import type { DeviceIdentity } from "./store/store.ts";
import { ControllerStore } from "./store/store.ts";
import { CONTROLLER_VERSION } from "./cli/version.ts";
import { engineApiStarter, engineStarter, mixerDaemonStarter } from "./services.ts";
import { cloudLinkStarter } from "./cloud/service.ts";

export interface RunContext {
  config: ControllerConfig;
  logger: Logger;
  store: ControllerStore;
  bus: AccessoryEventBus;
  /** Null until `provision` has run: the controller still works locally, without a cloud identity. */
  identity: DeviceIdentity | null;
  /** Makes an object (e.g. the engine) available to the starters that come after. */
  provide(name: string, value: unknown): void;
  /** Returns what an earlier starter provided; throws naming the missing piece. */
  use<T>(name: string): T;
}

export interface RunningService {
  name: string;
  /** One line per address listened on, printed at start-up (`ocp accessories: tcp 127.0.0.1:5560`). */
  endpoints: string[];
  stop(): Promise<void>;
}

export interface ServiceStarter {
  name: string;
  enabled(config: ControllerConfig): boolean;
  start(context: RunContext): Promise<RunningService>;
}

export const ocpAccessoryStarter: ServiceStarter = {
  name: "ocp",
  enabled: (config) => config.ocp.tcp || config.ocp.serialPorts.length > 0 || config.ocp.dial.length > 0,
  start(context) {
    const { config, identity } = context;
    const service = startAccessoryService({
      identity: {
        role: "controller",
        ...(identity ? { serial: identity.serial, model: identity.model } : {}),
        firmware: CONTROLLER_VERSION,
        features: config.ocp.msgpack ? [MSGPACK_FEATURE] : [],
      },
      bus: context.bus,
      registry: context.store,
      logger: context.logger,
      listen: config.ocp.tcp ? { host: config.ocp.host, port: config.ocp.port } : null,
      serialPorts: config.ocp.serialPorts,
      dial: config.ocp.dial,
      timing: {
        heartbeatIntervalMs: config.ocp.heartbeatIntervalMs,
        missedHeartbeats: config.ocp.missedHeartbeats,
        handshakeTimeoutMs: config.ocp.handshakeTimeoutMs,
        commandTimeoutMs: config.ocp.commandTimeoutMs,
        commandRetries: config.ocp.commandRetries,
        maxFrameSize: config.ocp.maxFrameSize,
      },
    });
    context.provide("accessories", service);
    return Promise.resolve({ name: "ocp", endpoints: service.endpoints, stop: () => service.close() });
  },
};

/** What `run` starts, in order (services.ts explains the order of the last three). */
export const CONTROLLER_SERVICES: ServiceStarter[] = [
  ocpAccessoryStarter,
  mixerDaemonStarter,
  engineStarter,
  engineApiStarter,
  cloudLinkStarter,
];

export interface RunningController {
  context: RunContext;
  services: RunningService[];
  /** Stops every service in reverse order, then closes the store. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startController(
  config: ControllerConfig,
  logger: Logger,
  starters: ServiceStarter[] = CONTROLLER_SERVICES,
): Promise<RunningController> {
  const store = new ControllerStore(config.dataDir);
  const provided = new Map<string, unknown>();
  const context: RunContext = {
    config,
    logger,
    store,
    bus: createAccessoryEventBus((error, event) =>
      logger.error("ocp", "event listener failed", { error: String(error), event: event.type })
    ),
    identity: store.getIdentity(),
    provide: (name, value) => void provided.set(name, value),
    use<T>(name: string): T {
      if (!provided.has(name)) {
        throw new Error(`service "${name}" is not running (needed by a later service)`);
      }
      return provided.get(name) as T;
    },
  };
  if (!context.identity) logger.warn("ocp", "device not provisioned: run `mixera-controller provision`");

  const services: RunningService[] = [];
  let stopped: Promise<void> | null = null;
  const stop = () =>
    stopped ??= (async () => {
      for (const service of services.toReversed()) {
        try {
          await service.stop();
          logger.info("ocp", "service stopped", { service: service.name });
        } catch (error) {
          logger.error("ocp", "service failed to stop", { service: service.name, error: String(error) });
        }
      }
      store.close();
    })();

  for (const starter of starters) {
    if (!starter.enabled(config)) continue;
    try {
      services.push(await starter.start(context));
    } catch (error) {
      await stop();
      throw new Error(
        `cannot start ${starter.name}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { context, services, stop };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
