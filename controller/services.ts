/**
 * @module
 * The services `run` starts, in order ({@link CONTROLLER_SERVICES}), and the keys of what they provide.
 * Order matters: the engine reads its mixer from the daemon's state tree and feeds the daemon's meters;
 * the cloud track library loads onto the engine and calls the portal through the cloud link; the API
 * drives the engine and the cloud track library.
 */
import { join } from "node:path";
import { MSGPACK_FEATURE } from "../shared/codecs/mod.ts";
import type { ControllerConfig } from "./config/schema.ts";
import { startEngineApi } from "./api/mod.ts";
import { type MixerDaemon, startMixerDaemon } from "./daemon/mod.ts";
import { createEngine, type Engine } from "./engine/mod.ts";
import { type AccessoryService, startAccessoryService } from "./ocp/accessory_service.ts";
import { serviceKey, type ServiceStarter } from "./service.ts";
import { CONTROLLER_VERSION } from "./version.ts";
import { CloudState } from "./cloud/cloud_state.ts";
import { lockGatedEngine } from "./cloud/lock_gate.ts";
import { CLOUD_LINK, cloudLinkStarter } from "./cloud/service.ts";
import { CLOUD_TRACKS, cloudTracksStarter } from "./cloud/tracks/service.ts";
import { sendThroughCloud, startTelemetry, type TelemetryService } from "./telemetry/mod.ts";
import { otaLayoutOf } from "./ota/layout_of.ts";
import { startOtaService } from "./ota/service.ts";
import { DEFAULT_MODEL } from "./store/identity.ts";

export const ACCESSORIES = serviceKey<AccessoryService>("accessories");
export const DAEMON = serviceKey<MixerDaemon>("daemon");
export const ENGINE = serviceKey<Engine>("engine");
export const TELEMETRY = serviceKey<TelemetryService>("telemetry");

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
    context.provide(ACCESSORIES, service);
    return Promise.resolve({ name: "ocp", endpoints: service.endpoints, stop: () => service.close() });
  },
};

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
    provide(DAEMON, daemon);
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
  async start({ config, logger, bus, store, use, provide }) {
    const daemon = use(DAEMON);
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
    // The API drives the engine through the cloud lock: a locked controller refuses load and play.
    const cloudState = new CloudState(store);
    provide(ENGINE, lockGatedEngine(engine, () => cloudState.locked()));
    const output = engine.outputInfo();
    const note = output.fallback ? ` — ${output.fallback}` : "";
    return {
      name: "engine",
      endpoints: [`audio engine: ${output.mode} output on ${output.device ?? "(none)"}${note}`],
      stop: () => engine.close(),
    };
  },
};

/** Telemetry records what the engine and mixer do, so it runs with both. */
const telemetryEnabled = (config: ControllerConfig) =>
  config.telemetry.enabled && config.engine.enabled && config.daemon.enabled;

export const telemetryStarter: ServiceStarter = {
  name: "telemetry",
  enabled: telemetryEnabled,
  start({ config, logger, store, bus, identity, use, provide }) {
    const engine = use(ENGINE);
    const telemetry = startTelemetry({
      settings: config.telemetry,
      db: store.db,
      tree: use(DAEMON).tree,
      engine,
      logger,
      serial: identity?.serial ?? null,
      bus,
      accessories: ocpAccessoryStarter.enabled(config) ? use(ACCESSORIES) : undefined,
    });
    provide(TELEMETRY, telemetry);
    const every = config.telemetry.intervalMs / 1000;
    return Promise.resolve({
      name: "telemetry",
      endpoints: [`telemetry: recorded to the outbox, sealed every ${every} s`],
      stop: () => telemetry.close(),
    });
  },
};

/** Once the cloud link runs, the outbox starts sending; unlinked, batches wait in it. */
export const telemetryUploadStarter: ServiceStarter = {
  name: "telemetry-upload",
  enabled: telemetryEnabled,
  start({ use }) {
    const link = use(CLOUD_LINK);
    if (link) use(TELEMETRY).connect(sendThroughCloud(link));
    return Promise.resolve({
      name: "telemetry-upload",
      endpoints: [
        link ? "telemetry: sending to the portal" : "telemetry: not linked, batches wait in the outbox",
      ],
      stop: () => Promise.resolve(),
    });
  },
};

export const engineApiStarter: ServiceStarter = {
  name: "api",
  enabled: (config) => config.api.enabled,
  async start({ config, logger, use }) {
    const a = config.api;
    const api = await startEngineApi({
      engine: use(ENGINE),
      onDeckStatus: telemetryEnabled(config) ? use(TELEMETRY).observeDecks : undefined,
      logger,
      host: a.listen,
      port: a.port,
      wsPort: a.wsPort,
      allowedOrigins: a.allowedOrigins,
      cloud: use(CLOUD_TRACKS),
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

/** Updates while running; after the cloud link (it asks the portal through it) and the engine (decks). */
export const otaStarter: ServiceStarter = {
  name: "ota",
  enabled: (config) => otaLayoutOf(config) !== null,
  start({ config, logger, identity, use }) {
    const engine = config.engine.enabled ? use(ENGINE) : null;
    const cloud = use(CLOUD_LINK);
    const service = startOtaService({
      config: config.ota,
      target: {
        layout: otaLayoutOf(config)!,
        model: identity?.model ?? DEFAULT_MODEL,
        fallbackVersion: CONTROLLER_VERSION,
      },
      api: cloud,
      logger,
      decksPlaying: () => engine?.status().some((deck) => deck.playing) ?? false,
    });
    const unsubscribe = cloud?.onHandshake(() => service.checkAfterHandshake());
    return Promise.resolve({
      ...service,
      stop: () => {
        unsubscribe?.();
        return service.stop();
      },
    });
  },
};

/** What `run` starts, in order. */
export const CONTROLLER_SERVICES: ServiceStarter[] = [
  ocpAccessoryStarter,
  mixerDaemonStarter,
  engineStarter,
  cloudLinkStarter,
  cloudTracksStarter(ENGINE),
  telemetryStarter,
  engineApiStarter,
  telemetryUploadStarter,
  otaStarter,
];
