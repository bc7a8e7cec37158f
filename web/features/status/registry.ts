/**
 * @module
 * The endpoints OCP API Status checks. A feature that serves an API to devices or developers registers its
 * endpoints here from its own module, so the status page lists exactly what the portal serves:
 *
 * ```ts
 * import { registerStatusEndpoints } from "../status/mod.ts";
 * registerStatusEndpoints({ id: "device.hello", service: "device", name: "Device hello", method: "POST",
 *   path: "/api/device/hello", requiresAuth: true, liveStatuses: [400, 401] });
 * ```
 */

export interface StatusEndpoint {
  /** Stable id, `<service>.<name>`; stored with every result. */
  id: string;
  /** The service the endpoint belongs to; STATUS_TARGETS may point a service at another base URL. */
  service: string;
  name: string;
  method: "GET" | "POST";
  path: string;
  /** Shown with 🔒: checked for reachability only, so 401 counts as live. */
  requiresAuth: boolean;
  /**
   * HTTP statuses that prove the endpoint is live when called without credentials or parameters (a 2xx
   * always does). For example 400 for a POST that needs a body.
   */
  liveStatuses: readonly number[];
  /** The request body for a POST (form-encoded); none when omitted. */
  body?: string;
}

const ID_PATTERN = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export interface StatusRegistry {
  register(...endpoints: StatusEndpoint[]): void;
  /** Every registered endpoint, grouped by service in registration order. */
  list(): StatusEndpoint[];
}

/** A registry of endpoints; an id registered twice with a different definition is a mistake. */
export function createStatusRegistry(): StatusRegistry {
  const registry = new Map<string, StatusEndpoint>();
  return {
    register(...endpoints) {
      for (const endpoint of endpoints) {
        if (!ID_PATTERN.test(endpoint.id)) {
          throw new Error(`status endpoint id ${endpoint.id} is not <service>.<name>`);
        }
        if (!endpoint.path.startsWith("/")) {
          throw new Error(`status endpoint ${endpoint.id}: path must start with /`);
        }
        const known = registry.get(endpoint.id);
        if (known && JSON.stringify(known) !== JSON.stringify(endpoint)) {
          throw new Error(`status endpoint ${endpoint.id} is registered twice with different definitions`);
        }
        registry.set(endpoint.id, endpoint);
      }
    },
    list() {
      const endpoints = [...registry.values()];
      const services = [...new Set(endpoints.map((endpoint) => endpoint.service))];
      return services.flatMap((service) => endpoints.filter((endpoint) => endpoint.service === service));
    },
  };
}

/** The portal's registry: what the status page checks. */
const portalRegistry = createStatusRegistry();

/** Adds endpoints to the status page. */
export function registerStatusEndpoints(...endpoints: StatusEndpoint[]): void {
  portalRegistry.register(...endpoints);
}

/** Every endpoint the status page checks, grouped by service. */
export function statusEndpoints(): StatusEndpoint[] {
  return portalRegistry.list();
}
