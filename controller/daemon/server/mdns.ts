/**
 * @module
 * Advertises `_uamixer._tcp` on the text port, the service real clients browse for. Only used when
 * the daemon is exposed beyond loopback (advertising a loopback-only service would mislead).
 */
import { Bonjour } from "bonjour-service";
import type { Logger } from "../../log/logger.ts";

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

/**
 * The interface to announce on: the one the daemon is bound to, or every interface (undefined) for a wildcard
 * bind. Announcing only where the service can be reached keeps a daemon bound to one LAN address from
 * advertising itself on the others.
 */
export function mdnsInterfaceFor(host: string): string | undefined {
  return host === "0.0.0.0" || host === "::" ? undefined : host;
}

/**
 * multicast-dns socket options (bonjour-service passes them through but does not type them): send on the
 * given interface, and still bind the wildcard address, since a socket bound to a unicast address never
 * receives the multicast queries.
 */
export function multicastOptions(interfaceAddress?: string): ConstructorParameters<typeof Bonjour>[0] {
  if (!interfaceAddress) return undefined;
  return { interface: interfaceAddress, bind: "0.0.0.0" } as ConstructorParameters<typeof Bonjour>[0];
}

/** Publishes the service on `interfaceAddress` (default: all); returns the function that withdraws it. */
export function advertiseMixer(
  port: number,
  name: string,
  logger: Logger,
  interfaceAddress?: string,
): () => Promise<void> {
  const bonjour = new Bonjour(multicastOptions(interfaceAddress), (error: unknown) => {
    logger.warn("daemon", "mDNS error", { error: String(error) });
  });
  bonjour.publish({ name, type: "uamixer", protocol: "tcp", port });
  logger.info("daemon", "mDNS advertising _uamixer._tcp", { port, name });
  return () =>
    new Promise((resolve) => {
      bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
    });
}
