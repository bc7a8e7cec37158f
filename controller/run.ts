/**
 * @module
 * The `run` command's service start-up and orderly shutdown. Each service is a {@link ServiceStarter}
 * (`CONTROLLER_SERVICES` in services.ts); they start in order (a failure stops the ones already
 * started, in reverse) and stop in reverse order on SIGINT/SIGTERM. Starters share the event bus,
 * store, logger and config through the {@link RunContext}, and hand objects to later starters with
 * `provide`. Start and stop are logged under the `lifecycle` category.
 */
import type { ControllerConfig } from "./config/schema.ts";
import type { Logger } from "./log/logger.ts";
import { createAccessoryEventBus } from "./ocp/event_bus.ts";
import { ProvidedServices, type RunContext, type RunningService, type ServiceStarter } from "./service.ts";
import { CONTROLLER_SERVICES } from "./services.ts";
import { startBackgroundCheckpoints } from "./store/background_checkpoints.ts";
import { ControllerStore } from "./store/store.ts";

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
  // Long-running: WAL checkpoints (fsync) go to a Worker so they never stall audio or the status tick.
  const checkpoints = await startBackgroundCheckpoints(store, logger);
  const provided = new ProvidedServices();
  const context: RunContext = {
    config,
    logger,
    store,
    bus: createAccessoryEventBus((error, event) =>
      logger.error("ocp", "event listener failed", { error: String(error), event: event.type })
    ),
    identity: store.getIdentity(),
    provide: (key, value) => provided.provide(key, value),
    use: (key) => provided.use(key),
  };
  if (!context.identity) {
    logger.warn("lifecycle", "device not provisioned: run `mixera-controller provision`");
  }

  const services: RunningService[] = [];
  let stopped: Promise<void> | null = null;
  const stop = () =>
    stopped ??= (async () => {
      for (const service of services.toReversed()) {
        try {
          await service.stop();
          logger.info("lifecycle", "service stopped", { service: service.name });
        } catch (error) {
          logger.error("lifecycle", "service failed to stop", {
            service: service.name,
            error: String(error),
          });
        }
      }
      await checkpoints.stop();
      store.close();
    })();

  for (const starter of starters) {
    if (!starter.enabled(config)) continue;
    try {
      const service = await starter.start(context);
      services.push(service);
      logger.info("lifecycle", "service started", { service: service.name });
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
