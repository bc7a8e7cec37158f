/**
 * @module
 * The mixer daemon, the audio engine and the engine API as `run` services. Order matters: the engine reads
 * its mixer from the daemon's state tree and feeds the daemon's meters; the API drives the engine.
 */
import { join } from "node:path";
import { startEngineApi } from "./api/mod.ts";
import { type MixerDaemon, startMixerDaemon } from "./daemon/mod.ts";
import { createEngine, type Engine } from "./engine/mod.ts";
import type { ServiceStarter } from "./run.ts";

export const mixerDaemonStarter: ServiceStarter = {
  name: "daemon",
  enabled: (config) => config.daemon.enabled,
  async start({ config, logger, provide }) {
    const d = config.daemon;
    const daemon = await startMixerDaemon({
      host: d.listen,
      ports: { text: d.consolePort, ubjson: d.helperPort, ws: d.wsPort },
      allowedOrigins: d.allowedOrigins,
      deviceMapFile: d.deviceMapFile ?? undefined,
      meterTestTone: d.meterTestTone,
      stateFile: join(config.dataDir, "mixer-state.json"),
      logger,
    });
    provide("daemon", daemon);
    return {
      name: "daemon",
      endpoints: [
        `mixer daemon: tcp ${d.listen}:${daemon.ports.text} (NUL-terminated text/JSON)`,
        `mixer daemon: tcp ${d.listen}:${daemon.ports.ubjson} (UBJSON after post command_format)`,
        `mixer daemon: ws ${d.listen}:${daemon.ports.ws}`,
      ],
      stop: () => daemon.close(),
    };
  },
};

export const engineStarter: ServiceStarter = {
  name: "engine",
  enabled: (config) => config.engine.enabled,
  async start({ config, logger, bus, use, provide }) {
    const daemon = use<MixerDaemon>("daemon");
    const engine = await createEngine({
      tree: daemon.tree,
      logger,
      alsaDevice: config.engine.alsaDevice,
      sampleRate: config.engine.sampleRate,
      periodFrames: config.engine.period,
      meters: daemon.meters,
      accessoryBus: bus,
      stems: config.stems.enabled
        ? {
          cacheDir: config.stems.cacheDir ?? join(config.dataDir, "stems"),
          cacheMaxBytes: config.stems.cacheMaxBytes,
          tier: config.stems.algo,
          concurrency: config.stems.jobs,
          demucsModel: config.stems.demucsModel,
          demucsSegmentFrames: config.stems.demucsSegmentFrames,
        }
        : undefined,
    });
    provide("engine", engine);
    const output = engine.outputInfo();
    const note = output.fallback ? ` — ${output.fallback}` : "";
    return {
      name: "engine",
      endpoints: [`audio engine: ${output.mode} output on ${output.device ?? "(none)"}${note}`],
      stop: () => engine.close(),
    };
  },
};

export const engineApiStarter: ServiceStarter = {
  name: "api",
  enabled: (config) => config.api.enabled,
  async start({ config, logger, use }) {
    const a = config.api;
    const api = await startEngineApi({
      engine: use<Engine>("engine"),
      logger,
      host: a.listen,
      port: a.port,
      wsPort: a.wsPort,
      allowedOrigins: a.allowedOrigins,
    });
    return {
      name: "api",
      endpoints: [
        `engine api: tcp ${a.listen}:${api.ports.tcp} (newline commands, JSON events)`,
        `engine api: ws + deck UI http://${a.listen}:${api.ports.ws}/`,
      ],
      stop: () => api.close(),
    };
  },
};
