/**
 * @module
 * The settings that environment variables and command-line flags can set, one row per setting.
 * The same table drives parsing, validation messages (which source set a bad value) and `--help`.
 */

export type SettingKind = "string" | "number" | "boolean" | "list" | "serial-list";

export interface Setting {
  /** Dotted path into the config; `listen` sets every service's bind address. */
  path: string;
  env: string;
  flag?: string;
  kind: SettingKind;
  help: string;
}

export const SETTINGS: Setting[] = [
  {
    path: "dataDir",
    env: "MIXERA_DATA_DIR",
    flag: "data-dir",
    kind: "string",
    help: "local state directory (default ~/.mixera)",
  },
  {
    path: "listen",
    env: "MIXERA_LISTEN",
    flag: "listen",
    kind: "string",
    help: "bind address of every service (default 127.0.0.1)",
  },
  {
    path: "log.level",
    env: "MIXERA_LOG_LEVEL",
    flag: "log-level",
    kind: "string",
    help: "debug | info | warn | error",
  },
  {
    path: "log.format",
    env: "MIXERA_LOG_FORMAT",
    flag: "log-format",
    kind: "string",
    help: "json | text (stderr)",
  },
  {
    path: "log.disabled",
    env: "MIXERA_LOG_DISABLED",
    flag: "log-disabled",
    kind: "list",
    help: "log categories to start switched off",
  },
  { path: "ocp.tcp", env: "MIXERA_OCP_TCP", kind: "boolean", help: "accept accessories over TCP" },
  {
    path: "ocp.host",
    env: "MIXERA_OCP_HOST",
    flag: "ocp-host",
    kind: "string",
    help: "accessory TCP bind address",
  },
  {
    path: "ocp.port",
    env: "MIXERA_OCP_PORT",
    flag: "ocp-port",
    kind: "number",
    help: "accessory TCP port (default 5560)",
  },
  {
    path: "ocp.serialPorts",
    env: "MIXERA_OCP_SERIAL",
    flag: "serial",
    kind: "serial-list",
    help: "serial accessory ports, PATH[@BAUD], comma-separated",
  },
  {
    path: "ocp.heartbeatIntervalMs",
    env: "MIXERA_OCP_HEARTBEAT_MS",
    flag: "heartbeat-ms",
    kind: "number",
    help: "heartbeat interval (default 10000)",
  },
  {
    path: "ocp.missedHeartbeats",
    env: "MIXERA_OCP_MISSED_HEARTBEATS",
    kind: "number",
    help: "missed heartbeats before a peer is lost",
  },
  { path: "ocp.msgpack", env: "MIXERA_OCP_MSGPACK", kind: "boolean", help: "offer MsgPack to accessories" },
  { path: "daemon.enabled", env: "MIXERA_DAEMON_ENABLED", kind: "boolean", help: "start the mixer daemon" },
  { path: "daemon.listen", env: "MIXERA_DAEMON_LISTEN", kind: "string", help: "mixer daemon bind address" },
  {
    path: "daemon.consolePort",
    env: "MIXERA_DAEMON_CONSOLE_PORT",
    kind: "number",
    help: "ConsoleLink-style port (default 4710)",
  },
  {
    path: "daemon.helperPort",
    env: "MIXERA_DAEMON_HELPER_PORT",
    kind: "number",
    help: "helper-style UBJSON port (default 4720)",
  },
  {
    path: "daemon.wsPort",
    env: "MIXERA_DAEMON_WS_PORT",
    kind: "number",
    help: "daemon WebSocket port (default 4721)",
  },
  {
    path: "daemon.allowedOrigins",
    env: "MIXERA_DAEMON_ORIGINS",
    kind: "list",
    help: "WebSocket origins allowed on 4721",
  },
  {
    path: "daemon.deviceMapFile",
    env: "MIXERA_DAEMON_DEVICE_MAP",
    flag: "device-map",
    kind: "string",
    help: "mixer device map file",
  },
  {
    path: "daemon.meterTestTone",
    env: "MIXERA_METER_TEST_TONE",
    flag: "meter-test-tone",
    kind: "boolean",
    help: "feed meters a test tone",
  },
  { path: "engine.enabled", env: "MIXERA_ENGINE_ENABLED", kind: "boolean", help: "start the audio engine" },
  {
    path: "engine.alsaDevice",
    env: "MIXERA_ALSA_DEVICE",
    flag: "alsa-device",
    kind: "string",
    help: 'ALSA output device (default "default")',
  },
  {
    path: "engine.sampleRate",
    env: "MIXERA_SAMPLE_RATE",
    flag: "sample-rate",
    kind: "number",
    help: "output sample rate (default 44100)",
  },
  {
    path: "engine.period",
    env: "MIXERA_PERIOD",
    flag: "period",
    kind: "number",
    help: "ALSA period in frames (default 256)",
  },
  { path: "stems.enabled", env: "MIXERA_STEMS_ENABLED", kind: "boolean", help: "offer stem separation" },
  {
    path: "stems.cacheDir",
    env: "MIXERA_STEM_CACHE_DIR",
    flag: "stem-cache-dir",
    kind: "string",
    help: "stem cache directory (default <data dir>/stems)",
  },
  {
    path: "stems.cacheMaxBytes",
    env: "MIXERA_STEM_CACHE_MAX_BYTES",
    kind: "number",
    help: "stem cache size cap in bytes (default 8 GiB)",
  },
  {
    path: "stems.algo",
    env: "MIXERA_STEM_ALGO",
    flag: "stem-algo",
    kind: "string",
    help: "simple | enhanced | demucs (default enhanced)",
  },
  {
    path: "stems.demucsModel",
    env: "MIXERA_DEMUCS_MODEL",
    flag: "demucs-model",
    kind: "string",
    help: "HTDemucs ONNX model file for the demucs tier",
  },
  {
    path: "cloud.pollIntervalMs",
    env: "MIXERA_CLOUD_POLL_MS",
    kind: "number",
    help: "how often a linked controller checks in with the portal (default 30000)",
  },
  {
    path: "cloud.requestTimeoutMs",
    env: "MIXERA_CLOUD_TIMEOUT_MS",
    kind: "number",
    help: "timeout of one portal request (default 10000)",
  },
  {
    path: "cloud.cacheDir",
    env: "MIXERA_CLOUD_CACHE_DIR",
    flag: "cloud-cache-dir",
    kind: "string",
    help: "cloud track cache directory (default ~/.mixera_cache/cloud)",
  },
  {
    path: "cloud.cacheMaxBytes",
    env: "MIXERA_CLOUD_CACHE_MAX_BYTES",
    kind: "number",
    help: "cloud track cache size cap in bytes (default 16 GiB)",
  },
  {
    path: "telemetry.enabled",
    env: "MIXERA_TELEMETRY_ENABLED",
    kind: "boolean",
    help: "record the DJ's sessions and send them to the portal (default true)",
  },
  {
    path: "telemetry.intervalMs",
    env: "MIXERA_TELEMETRY_INTERVAL_MS",
    kind: "number",
    help: "telemetry batch and heartbeat period (default 60000; shorter only with detailed sampling)",
  },
  {
    path: "telemetry.idleGapMs",
    env: "MIXERA_TELEMETRY_IDLE_GAP_MS",
    kind: "number",
    help: "no deck playing for this long ends a DJ session (default 900000)",
  },
  {
    path: "telemetry.detailedSampling",
    env: "MIXERA_TELEMETRY_DETAILED",
    kind: "boolean",
    help: "the user's opt-in to aggressive sampling (faster batches, fader moves up to 10 per second)",
  },
  {
    path: "ota.root",
    env: "MIXERA_OTA_ROOT",
    flag: "ota-root",
    kind: "string",
    help: "A/B install root (default: found from the binary's path)",
  },
  {
    path: "ota.channel",
    env: "MIXERA_OTA_CHANNEL",
    kind: "string",
    help: "firmware channel: stable | beta (default stable)",
  },
  {
    path: "ota.autoCheck",
    env: "MIXERA_OTA_AUTO_CHECK",
    kind: "boolean",
    help: "ask the portal for updates while running (default on)",
  },
  {
    path: "ota.checkIntervalMs",
    env: "MIXERA_OTA_CHECK_MS",
    kind: "number",
    help: "how often to ask for updates (default 21600000 = 6 h)",
  },
  {
    path: "ota.autoInstall",
    env: "MIXERA_OTA_AUTO_INSTALL",
    kind: "boolean",
    help: "install accepted updates once no deck plays (default on)",
  },
  {
    path: "ota.trialMs",
    env: "MIXERA_OTA_TRIAL_MS",
    kind: "number",
    help: "time a new build has to pass its health check (default 60000)",
  },
  {
    path: "ota.maxTrialBoots",
    env: "MIXERA_OTA_TRIAL_BOOTS",
    kind: "number",
    help: "starts of a trial before it is rolled back (default 2)",
  },
  {
    path: "ota.stopGraceMs",
    env: "MIXERA_OTA_STOP_GRACE_MS",
    kind: "number",
    help: "time between SIGTERM and SIGKILL when the supervisor stops a controller (default 10000)",
  },
  {
    path: "ota.reportIntervalMs",
    env: "MIXERA_OTA_REPORT_MS",
    kind: "number",
    help: "how often queued update outcomes are sent (default 10000)",
  },
  { path: "api.enabled", env: "MIXERA_API_ENABLED", kind: "boolean", help: "start the engine API" },
  { path: "api.listen", env: "MIXERA_API_LISTEN", kind: "string", help: "engine API bind address" },
  {
    path: "api.port",
    env: "MIXERA_API_PORT",
    flag: "api-port",
    kind: "number",
    help: "engine API TCP port (default 5555)",
  },
  {
    path: "api.wsPort",
    env: "MIXERA_API_WS_PORT",
    flag: "api-ws-port",
    kind: "number",
    help: "engine API WebSocket port (default 5556)",
  },
  {
    path: "api.allowedOrigins",
    env: "MIXERA_API_ORIGINS",
    kind: "list",
    help: "WebSocket origins allowed on 5556",
  },
];

/** Paths the `listen` shortcut sets. */
export const LISTEN_PATHS = ["ocp.host", "daemon.listen", "api.listen"];

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["0", "false", "no", "off"]);

/**
 * Converts a textual value to the setting's type. A value that does not convert is returned as is,
 * so the schema reports it with the field's name and expected type.
 */
export function convertSetting(kind: SettingKind, raw: string | boolean): unknown {
  if (typeof raw === "boolean") return raw;
  switch (kind) {
    case "string":
      return raw;
    case "number":
      return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case "boolean":
      return TRUE.has(raw.toLowerCase()) ? true : FALSE.has(raw.toLowerCase()) ? false : raw;
    case "list":
      return raw.split(",").map((s) => s.trim()).filter(Boolean);
    case "serial-list":
      return raw.split(",").map((s) => s.trim()).filter(Boolean).map((entry) => {
        const at = entry.lastIndexOf("@");
        if (at <= 0) return { path: entry };
        const baud = entry.slice(at + 1);
        return { path: entry.slice(0, at), baud: /^\d+$/.test(baud) ? Number(baud) : baud };
      });
  }
}
