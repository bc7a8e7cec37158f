/**
 * @module
 * `mixera-controller update` (check for, install, or inspect firmware updates of the A/B install) and
 * `mixera-controller supervise` (the launcher that runs the current slot, trials new ones and rolls
 * back). See controller/ota/README.md for the layout and the supervisor model.
 */
import { readFileSync, statSync } from "node:fs";
import { MAX_MANIFEST_BYTES } from "../../shared/ota/mod.ts";
import { CloudLink } from "../cloud/cloud_link.ts";
import { CloudState } from "../cloud/cloud_state.ts";
import { loadPrivateKey } from "../cloud/device_key.ts";
import { CloudHttpClient } from "../cloud/http_client.ts";
import type { ControllerConfig } from "../config/schema.ts";
import { Logger, stderrSink, textSink } from "../log/logger.ts";
import { sha256OfFile } from "../ota/download.ts";
import { anyDeckPlaying, type EngineApiTarget } from "../ota/engine_probe.ts";
import { stageRelease, switchToRelease } from "../ota/install.ts";
import { otaLayoutOf } from "../ota/layout_of.ts";
import { queuedOutcomes } from "../ota/outcomes.ts";
import { initLayout, isLayoutRoot, readRelease, readSlots, type SlotLayout } from "../ota/slots.ts";
import { supervise } from "../ota/supervisor.ts";
import { readTrust } from "../ota/trust_record.ts";
import {
  type DeviceApi,
  fetchOffer,
  installedVersion,
  judgeOffer,
  type UpdateTarget,
} from "../ota/updater.ts";
import { DEFAULT_MODEL } from "../store/identity.ts";
import { ControllerStore } from "../store/store.ts";
import { CONTROLLER_VERSION } from "../version.ts";
import type { Command } from "./command.ts";
import { type CliIo, EXIT, UsageError } from "./io.ts";
import { COMMON_HELP, configFrom, parseCommandLine, type ParsedCommandLine } from "./options.ts";

function prepare(parsed: ParsedCommandLine, command: Command, io: CliIo): ControllerConfig | number {
  if (parsed.values.help) {
    for (const line of [...command.usage, "", ...COMMON_HELP]) io.out(line);
    return EXIT.OK;
  }
  const result = configFrom(parsed, io);
  if (result.ok) return result.config;
  io.err(`mixera-controller: ${result.message}`);
  return EXIT.USAGE;
}

/** The engine API as seen from another process on this machine. */
export function engineApiTarget(config: ControllerConfig): EngineApiTarget | null {
  if (!config.api.enabled) return null;
  const host = config.api.listen === "0.0.0.0" || config.api.listen === "::"
    ? "127.0.0.1"
    : config.api.listen;
  return { host, port: config.api.port };
}

function readManifestFile(path: string): unknown {
  if (statSync(path).size > MAX_MANIFEST_BYTES * 2) {
    throw new UsageError(`${path} is too large for a signed manifest`);
  }
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
}

/** A device API client when this controller is linked, else null. */
async function portalApi(store: ControllerStore, config: ControllerConfig): Promise<DeviceApi | null> {
  const identity = store.getIdentity();
  const state = new CloudState(store);
  const linked = state.link();
  if (!identity || !linked || linked.serial !== identity.serial) return null;
  return new CloudLink({
    http: new CloudHttpClient({ portal: linked.portal, timeoutMs: config.cloud.requestTimeoutMs }),
    identity,
    key: await loadPrivateKey(identity),
    state,
    logger: new Logger({ level: "error" }),
    firmware: CONTROLLER_VERSION,
  });
}

function printStatus(layout: SlotLayout, io: CliIo, json: boolean): void {
  const { current, good } = readSlots(layout);
  const version = (slot: "a" | "b") => readRelease(layout, slot)?.version ?? null;
  const report = {
    root: layout.root,
    current: { slot: current, version: version(current) },
    good: { slot: good, version: version(good) },
    in_trial: current !== good,
    trust: readTrust(layout, { highestVersion: version(good) ?? CONTROLLER_VERSION, lastSequence: 0 }),
    queued_outcomes: queuedOutcomes(layout).map((q) => q.report),
  };
  if (json) return io.out(JSON.stringify(report));
  io.out(`install root: ${report.root}`);
  io.out(
    `current: slot ${current} (${report.current.version ?? "unknown"})${report.in_trial ? " in trial" : ""}`,
  );
  io.out(`good: slot ${good} (${report.good.version ?? "unknown"})`);
  io.out(
    `highest version trusted: ${report.trust.highestVersion}, last sequence ${report.trust.lastSequence}`,
  );
  io.out(`outcomes waiting for the portal: ${report.queued_outcomes.length}`);
}

async function initInstall(config: ControllerConfig, binary: string, io: CliIo): Promise<number> {
  if (!config.ota.root) throw new UsageError("update --init needs --ota-root DIR");
  if (isLayoutRoot(config.ota.root)) {
    io.err(`mixera-controller: ${config.ota.root} already holds an A/B install (see update --status)`);
    return EXIT.FAILED;
  }
  const layout = initLayout(config.ota.root, binary, {
    version: CONTROLLER_VERSION,
    sha256: await sha256OfFile(binary),
    size: statSync(binary).size,
    sequence: 0,
    installedAt: new Date().toISOString(),
  });
  io.out(`installed ${CONTROLLER_VERSION} into ${layout.binary("a")}; current and good point at slot a`);
  io.out(`start it with: ${layout.goodLink}/mixera-controller supervise --ota-root ${layout.root}`);
  return EXIT.OK;
}

/** Waits until no deck plays on the running controller (if one answers), printing why it waits once. */
async function waitForIdleDecks(target: EngineApiTarget | null, io: CliIo): Promise<void> {
  let said = false;
  while (target && await anyDeckPlaying(target) === true) {
    if (!said) io.out("a deck is playing: the switch waits until every deck stops (or run with --now)");
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

export const update: Command = {
  name: "update",
  summary: "check for or install a firmware update (A/B slots, trial, rollback)",
  usage: [
    "Usage: mixera-controller update --check [--manifest FILE]",
    "       mixera-controller update --apply [--manifest FILE] [--now]",
    "       mixera-controller update --status [--json]",
    "       mixera-controller update --init --ota-root DIR [--binary PATH]",
    "",
    "--check asks the portal for the newest release this controller is eligible for (or reads a signed",
    "manifest from FILE) and says whether it would be installed: signature first, then model, minimum",
    "firmware, a version above the installed one and above the highest ever trusted, expiry, sequence.",
    "--apply also downloads it into the inactive slot (resumable), checks size and sha256, and switches",
    "`current` to it once no deck of the running controller is playing; --now switches at once (the DJ's",
    "call). The supervisor then starts the new build in trial and rolls back if its health check fails.",
    "--init creates the A/B layout with this binary (or PATH) in slot a.",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args, {
      check: { type: "boolean" },
      apply: { type: "boolean" },
      status: { type: "boolean" },
      init: { type: "boolean" },
      manifest: { type: "string" },
      binary: { type: "string" },
      now: { type: "boolean" },
      json: { type: "boolean" },
    });
    const config = prepare(parsed, this, io);
    if (typeof config === "number") return config;
    const v = parsed.values;
    const modes = ["check", "apply", "status", "init"].filter((mode) => v[mode] === true);
    if (modes.length !== 1) {
      throw new UsageError("update needs exactly one of --check, --apply, --status, --init");
    }
    if (v.init) {
      return await initInstall(config, typeof v.binary === "string" ? v.binary : process.execPath, io);
    }
    const layout = otaLayoutOf(config);
    if (!layout) {
      io.err("mixera-controller: not an A/B install (set --ota-root, or create one with update --init)");
      return EXIT.FAILED;
    }
    if (v.status) {
      printStatus(layout, io, v.json === true);
      return EXIT.OK;
    }
    const store = new ControllerStore(config.dataDir);
    try {
      const target: UpdateTarget = {
        layout,
        model: store.getIdentity()?.model ?? DEFAULT_MODEL,
        fallbackVersion: CONTROLLER_VERSION,
      };
      let offer: unknown;
      if (typeof v.manifest === "string") offer = readManifestFile(v.manifest);
      else {
        const api = await portalApi(store, config);
        if (!api) {
          io.err("mixera-controller: not linked; link first or pass --manifest FILE");
          return EXIT.FAILED;
        }
        offer = await fetchOffer(api, config.ota.channel);
      }
      if (offer === null) {
        io.out(`up to date: ${installedVersion(target)} (the portal offers nothing newer)`);
        return EXIT.OK;
      }
      const check = await judgeOffer(offer, target);
      if (!check.ok) {
        io.err(`update refused (${check.refusal}): ${check.message}`);
        return EXIT.FAILED;
      }
      const { manifest } = check;
      io.out(
        `update available: ${installedVersion(target)} -> ${manifest.version} (${manifest.size_bytes} bytes)`,
      );
      if (v.check) return EXIT.OK;
      const slot = await stageRelease(layout, manifest, {
        onStep: (step) => {
          if (step === "staged") {
            io.out(`staged ${manifest.version} in slot ${readSlots(layout).current === "a" ? "b" : "a"}`);
          }
        },
      });
      if (v.now !== true) await waitForIdleDecks(engineApiTarget(config), io);
      switchToRelease(layout, slot);
      io.out(`switched current to slot ${slot} (${manifest.version}); the supervisor starts it in trial`);
      return EXIT.OK;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      io.err(`mixera-controller: update failed: ${(error as Error).message}`);
      return EXIT.FAILED;
    } finally {
      store.close();
    }
  },
};

export const superviseCommand: Command = {
  name: "supervise",
  summary: "run the current slot of the A/B install, trial new builds, roll back failed ones",
  usage: [
    "Usage: mixera-controller supervise [options]",
    "",
    "Runs `<root>/current/mixera-controller run [options]` and restarts it when it exits. A slot that is",
    "current but not good yet runs in trial: its engine API must answer ping within ota.trialMs, else",
    "the supervisor stops it, points current back at the good slot and queues a rolled_back report.",
    "Start it from the good link (systemd: ExecStart=<root>/good/mixera-controller supervise …).",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args);
    const config = prepare(parsed, this, io);
    if (typeof config === "number") return config;
    const layout = otaLayoutOf(config);
    if (!layout) {
      io.err("mixera-controller: not an A/B install (set --ota-root, or create one with update --init)");
      return EXIT.FAILED;
    }
    const health = engineApiTarget(config);
    if (health?.port === 0) throw new UsageError("supervise needs a fixed engine API port to health-check");
    const logger = new Logger({
      level: config.log.level,
      disabled: config.log.disabled,
      sink: config.log.format === "text" ? textSink() : stderrSink,
    });
    await supervise({
      layout,
      args,
      health,
      trialMs: config.ota.trialMs,
      maxTrialBoots: config.ota.maxTrialBoots,
      stopGraceMs: config.ota.stopGraceMs,
      logger,
      shutdown: io.shutdownSignal(),
    });
    return EXIT.OK;
  },
};
