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

/** Publishes the service; returns the function that withdraws it. */
export function advertiseMixer(port: number, name: string, logger: Logger): () => Promise<void> {
  const bonjour = new Bonjour(undefined, (error: unknown) => {
    logger.warn("daemon", "mDNS error", { error: String(error) });
  });
  bonjour.publish({ name, type: "uamixer", protocol: "tcp", port });
  logger.info("daemon", "mDNS advertising _uamixer._tcp", { port, name });
  return () =>
    new Promise((resolve) => {
      bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
    });
}
