/**
 * @module
 * What a `run` service is: a {@link ServiceStarter} that starts it with the shared {@link RunContext}
 * and returns a {@link RunningService} to stop it. Starters hand objects to later starters through
 * typed {@link ServiceKey}s, so a lookup's type comes from the key and a misspelt name cannot compile.
 */
import type { ControllerConfig } from "./config/schema.ts";
import type { Logger } from "./log/logger.ts";
import type { AccessoryEventBus } from "./ocp/event_bus.ts";
import type { ControllerStore, DeviceIdentity } from "./store/store.ts";

/** Names one object a starter provides; `T` is its type. */
export interface ServiceKey<T> {
  readonly name: string;
  /** Never set: carries `T` so `use(key)` returns it. */
  readonly type?: T;
}

export function serviceKey<T>(name: string): ServiceKey<T> {
  return { name };
}

export interface RunContext {
  config: ControllerConfig;
  logger: Logger;
  store: ControllerStore;
  bus: AccessoryEventBus;
  /** Null until `provision` has run: the controller still works locally, without a cloud identity. */
  identity: DeviceIdentity | null;
  /** Makes an object (e.g. the engine) available to the starters that come after. */
  provide<T>(key: ServiceKey<T>, value: T): void;
  /** Returns what an earlier starter provided; throws naming the missing piece. */
  use<T>(key: ServiceKey<T>): T;
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

/** The objects provided so far, by key name. */
export class ProvidedServices {
  #values = new Map<string, unknown>();

  provide<T>(key: ServiceKey<T>, value: T): void {
    this.#values.set(key.name, value);
  }

  use<T>(key: ServiceKey<T>): T {
    if (!this.#values.has(key.name)) {
      throw new Error(`service "${key.name}" is not running (needed by a later service)`);
    }
    return this.#values.get(key.name) as T;
  }
}
