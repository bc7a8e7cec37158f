/**
 * @module
 * The controller's configuration, validated with zod. It holds the sections of every service the
 * `run` command starts (OCP accessories, mixer daemon, engine, engine API), so the values only need
 * to be passed on. Unknown keys are refused so a typo never silently falls back to a default.
 */
import { z } from "zod";
import { LOG_CATEGORIES, LOG_LEVELS } from "../log/logger.ts";

const Host = z.string().min(1).max(253);
const Port = z.number().int().min(0).max(65535);
const Origins = z.array(z.string().min(1).max(2048)).max(64);

export const SerialPortConfigSchema = z.strictObject({
  path: z.string().min(1),
  baud: z.number().int().positive().default(115200),
});

export const ControllerConfigSchema = z.strictObject({
  /** Where local state lives (`controller.db`, the device key). */
  dataDir: z.string().min(1),
  log: z.strictObject({
    level: z.enum(LOG_LEVELS).default("info"),
    /** `json`: one JSON object per line (for machines); `text`: one readable line (for a terminal). */
    format: z.enum(["json", "text"]).default("json"),
    /** Categories that start switched off (`set_log` can switch them at runtime). */
    disabled: z.array(z.enum(LOG_CATEGORIES)).default([]),
  }).prefault({}),
  ocp: z.strictObject({
    /** TCP listener for development boards and simulators. */
    tcp: z.boolean().default(true),
    host: Host.default("127.0.0.1"),
    port: Port.default(5560),
    serialPorts: z.array(SerialPortConfigSchema).max(16).default([]),
    /** Accessories the controller dials itself (redialled with backoff). */
    dial: z.array(z.strictObject({ host: Host, port: Port.min(1) })).max(16).default([]),
    heartbeatIntervalMs: z.number().int().min(50).max(600_000).default(10_000),
    missedHeartbeats: z.number().int().min(1).max(100).default(3),
    handshakeTimeoutMs: z.number().int().min(10).max(120_000).default(5_000),
    commandTimeoutMs: z.number().int().min(1).max(60_000).default(500),
    commandRetries: z.number().int().min(0).max(10).default(3),
    maxFrameSize: z.number().int().min(1024).max(16 * 1024 * 1024).default(1024 * 1024),
    /** Offer MsgPack in HELLO (used only with peers that offer it too). */
    msgpack: z.boolean().default(true),
  }).prefault({}),
  daemon: z.strictObject({
    enabled: z.boolean().default(true),
    listen: Host.default("127.0.0.1"),
    consolePort: Port.default(4710),
    helperPort: Port.default(4720),
    wsPort: Port.default(4721),
    allowedOrigins: Origins.default([]),
    deviceMapFile: z.string().min(1).nullable().default(null),
    meterTestTone: z.boolean().default(false),
  }).prefault({}),
  engine: z.strictObject({
    enabled: z.boolean().default(true),
    alsaDevice: z.string().min(1).default("default"),
    sampleRate: z.number().int().min(8_000).max(192_000).default(44_100),
    period: z.number().int().min(16).max(8_192).default(256),
  }).prefault({}),
  stems: z.strictObject({
    enabled: z.boolean().default(true),
    /** The stem cache; `<dataDir>/stems` unless set. */
    cacheDir: z.string().min(1).nullable().default(null),
    cacheMaxBytes: z.number().int().min(64 * 1024 * 1024).default(8 * 1024 ** 3),
    /** Tier of new separations until `stem_algo` switches it. */
    algo: z.enum(["simple", "enhanced", "demucs"]).default("enhanced"),
    /** Separations running at once: each takes a core. */
    jobs: z.number().int().min(1).max(4).default(1),
    /** An HTDemucs ONNX export provided by the operator (none ships with the controller). */
    demucsModel: z.string().min(1).nullable().default(null),
    demucsSegmentFrames: z.number().int().min(4096).max(4_410_000).default(343_980),
  }).prefault({}),
  cloud: z.strictObject({
    /** How often a linked controller checks in with the portal (lock state, session renewal). */
    pollIntervalMs: z.number().int().min(200).max(3_600_000).default(30_000),
    /** Per-request timeout of the portal client. */
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** Downloaded cloud tracks; `~/.mixera_cache/cloud` unless set (a leading `~/` means the home directory). */
    cacheDir: z.string().min(1).nullable().default(null),
    /** Size cap of the cloud track cache; the least recently used tracks not on a deck go first. */
    cacheMaxBytes: z.number().int().min(16 * 1024 * 1024).default(16 * 1024 ** 3),
    /** How long a cached list or search answer is used without asking the portal again. */
    listFreshMs: z.number().int().min(0).max(86_400_000).default(60_000),
    /** A download that receives nothing for this long stops (and resumes at the next load). */
    downloadIdleTimeoutMs: z.number().int().min(100).max(600_000).default(15_000),
  }).prefault({}),
  telemetry: z.strictObject({
    enabled: z.boolean().default(true),
    /** Batch and heartbeat period: the cloud expects a heartbeat at least once a minute (OCP §11). */
    intervalMs: z.number().int().min(1000).max(60_000).default(60_000),
    /** The user's opt-in to aggressive sampling (OCP §8): batches faster than 1/min, fader moves up to 10/s. */
    detailedSampling: z.boolean().default(false),
    /** No deck playing for this long ends a DJ session. */
    idleGapMs: z.number().int().min(1000).max(6 * 3600_000).default(15 * 60_000),
    /** The outbox drops its oldest batches past this age or size (and reports the drop). */
    maxAgeMs: z.number().int().min(60_000).max(30 * 24 * 3600_000).default(7 * 24 * 3600_000),
    maxBytes: z.number().int().min(64 * 1024).max(1024 ** 3).default(50 * 1024 * 1024),
  }).refine((telemetry) => telemetry.intervalMs >= 60_000 || telemetry.detailedSampling, {
    message: "an interval below 60000 ms needs telemetry.detailedSampling (the user's opt-in)",
    path: ["intervalMs"],
  }).prefault({}),
  ota: z.strictObject({
    /** The A/B install root (slots/, current, good); found from the running binary's path unless set. */
    root: z.string().min(1).nullable().default(null),
    channel: z.enum(["stable", "beta"]).default("stable"),
    /** Whether a running, linked controller asks the portal for updates (at start, then every checkIntervalMs). */
    autoCheck: z.boolean().default(true),
    checkIntervalMs: z.number().int().min(1_000).max(7 * 24 * 3_600_000).default(6 * 3_600_000),
    /** Download an accepted update and switch to it once no deck is playing; false: only report it. */
    autoInstall: z.boolean().default(true),
    /** How long a new build has to pass its health check (the engine API answering ping). */
    trialMs: z.number().int().min(500).max(600_000).default(60_000),
    /** Starts of a trial that may die with the machine before the supervisor rolls back. */
    maxTrialBoots: z.number().int().min(1).max(10).default(2),
    /** How long a controller being stopped by the supervisor gets after SIGTERM before SIGKILL. */
    stopGraceMs: z.number().int().min(100).max(120_000).default(10_000),
    /** How often queued install outcomes are offered to the portal. */
    reportIntervalMs: z.number().int().min(200).max(3_600_000).default(10_000),
  }).prefault({}),
  api: z.strictObject({
    enabled: z.boolean().default(true),
    listen: Host.default("127.0.0.1"),
    port: Port.default(5555),
    wsPort: Port.default(5556),
    allowedOrigins: Origins.default([]),
  }).prefault({}),
});

export type ControllerConfig = z.infer<typeof ControllerConfigSchema>;
