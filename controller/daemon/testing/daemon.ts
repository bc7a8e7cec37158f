/**
 * @module
 * Starts a daemon on ephemeral ports with a memory logger, for integration tests.
 */
import { createMemoryLogger } from "../../log/logger.ts";
import { type MixerDaemonOptions, startMixerDaemon } from "../mod.ts";

export async function startTestDaemon(options: Partial<MixerDaemonOptions> = {}) {
  const { logger, records } = createMemoryLogger();
  const daemon = await startMixerDaemon({
    ports: { text: 0, ubjson: 0, ws: 0 },
    mdns: false,
    logger,
    ...options,
  });
  return { daemon, records };
}
