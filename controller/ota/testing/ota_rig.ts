/**
 * @module
 * A throw-away A/B install for the update tests, driven through real child processes: the
 * `mixera-controller` CLI from source (`update`, `supervise`) with a test signing key compiled in via
 * `bun --define`, stand-in controllers in the slots, and an artifact server. The supervisor runs in a
 * process group of its own, so a test can SIGKILL it together with its controller (a power cut).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FirmwareManifest, FirmwareOutcomeReport, FirmwareSigningKey } from "../../../shared/ota/mod.ts";
import { askEngineApi } from "../engine_probe.ts";
import { queuedOutcomes } from "../outcomes.ts";
import { initLayout, type SlotLayout } from "../slots.ts";
import { type ArtifactServer, type ServedArtifact, startArtifactServer } from "./artifact_server.ts";
import {
  manifestFor,
  newSigningKey,
  sha256Hex,
  signed,
  type StandInBehaviour,
  standInController,
} from "./releases.ts";

const MAIN = join(import.meta.dir, "..", "..", "main.ts");
const DRIVER = join(import.meta.dir, "install_driver.ts");

export interface Published {
  manifest: FirmwareManifest;
  file: string;
  artifact: Uint8Array;
}

export interface OtaRig {
  layout: SlotLayout;
  key: FirmwareSigningKey;
  server: ArtifactServer;
  apiPort: number;
  /** Signs a release of a stand-in controller and writes its manifest file. */
  publish(
    version: string,
    behaviour: StandInBehaviour,
    options?: { padding?: number; serve?: Partial<ServedArtifact>; fields?: Partial<FirmwareManifest> },
  ): Promise<Published>;
  /** Runs `mixera-controller update …` to the end. */
  update(args: string[]): Promise<{ code: number; out: string; err: string }>;
  /** Runs the installer in a child that SIGKILLs itself at `step` (testing/install_driver.ts). */
  installKilledAt(file: string, step: string): Promise<number | null>;
  /** Starts `mixera-controller update …` without waiting. */
  spawnUpdate(args: string[]): ChildProcess;
  startSupervisor(): ChildProcess;
  /** SIGKILL to the supervisor's whole process group. */
  powerCut(supervisor: ChildProcess): Promise<void>;
  /** SIGTERM to the supervisor, which stops its controller. */
  stop(supervisor: ChildProcess): Promise<void>;
  /** The version the running controller answers ping with, or null. */
  runningVersion(): Promise<string | null>;
  slots(): { current: string; good: string };
  outcomes(): FirmwareOutcomeReport[];
  cleanup(): void;
}

function freePort(): number {
  const listener = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = listener.port;
  listener.stop(true);
  return port;
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function createOtaRig(
  options: { trialMs?: number; maxTrialBoots?: number; env?: Record<string, string> } = {},
): Promise<OtaRig> {
  const work = mkdtempSync(join(tmpdir(), "mixera-ota-"));
  const factory = standInController("1.0.0", "healthy");
  const factoryFile = join(work, "factory-controller");
  writeFileSync(factoryFile, factory);
  const layout = initLayout(join(work, "install"), factoryFile, {
    version: "1.0.0",
    sha256: sha256Hex(factory),
    size: factory.length,
    sequence: 0,
    installedAt: new Date().toISOString(),
  });
  const key = await newSigningKey();
  const server = startArtifactServer();
  const apiPort = freePort();
  const common = ["--ota-root", layout.root, "--data-dir", join(work, "data"), "--api-port", String(apiPort)];
  const env = {
    ...process.env,
    MIXERA_LOG_LEVEL: "warn",
    MIXERA_OTA_TRIAL_MS: String(options.trialMs ?? 4_000),
    MIXERA_OTA_TRIAL_BOOTS: String(options.maxTrialBoots ?? 2),
    MIXERA_OTA_STOP_GRACE_MS: "500",
    ...options.env,
  };
  const cliArgs = (args: string[]) => [
    `--define=MIXERA_FIRMWARE_TRUSTED_KEYS=${JSON.stringify(key.publicKey)}`,
    MAIN,
    ...args,
    ...common,
  ];
  const children: ChildProcess[] = [];
  let sequence = 0;

  const rig: OtaRig = {
    layout,
    key,
    server,
    apiPort,
    async publish(version, behaviour, { padding = 0, serve = {}, fields = {} } = {}) {
      const artifact = standInController(version, behaviour, padding);
      const name = `${version}-${++sequence}`;
      server.serve(name, { bytes: artifact, ...serve });
      const manifest = manifestFor(artifact, server.url(name), { version, sequence, ...fields });
      const file = join(work, `${name}.manifest.json`);
      writeFileSync(file, JSON.stringify(await signed(manifest, key)));
      return { manifest, file, artifact };
    },
    update(args) {
      const child = rig.spawnUpdate(args);
      let out = "";
      let err = "";
      child.stdout!.on("data", (chunk) => out += chunk);
      child.stderr!.on("data", (chunk) => err += chunk);
      return new Promise((resolve) => child.once("exit", (code) => resolve({ code: code ?? -1, out, err })));
    },
    installKilledAt(file, step) {
      const child = spawn(process.execPath, [DRIVER, layout.root, file, key.publicKey, step], {
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      children.push(child);
      return new Promise((resolve) =>
        child.once("exit", (_code, signal) => resolve(signal === "SIGKILL" ? null : _code))
      );
    },
    spawnUpdate(args) {
      const child = spawn(process.execPath, cliArgs(["update", ...args]), {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      return child;
    },
    startSupervisor() {
      const child = spawn(process.execPath, [MAIN, "supervise", ...common], {
        env,
        stdio: ["ignore", "ignore", "inherit"],
        detached: true,
      });
      children.push(child);
      return child;
    },
    async powerCut(supervisor) {
      process.kill(-supervisor.pid!, "SIGKILL");
      await exited(supervisor);
      // The controller it started dies with the group; wait until its port is free again.
      for (let i = 0; i < 100 && await rig.runningVersion() !== null; i++) await Bun.sleep(50);
    },
    async stop(supervisor) {
      supervisor.kill("SIGTERM");
      await exited(supervisor);
    },
    async runningVersion() {
      const pong = await askEngineApi(
        { host: "127.0.0.1", port: apiPort },
        "ping",
        (e) => e.event === "pong",
        500,
      );
      return (pong?.data as { version?: string } | undefined)?.version ?? null;
    },
    slots: () => ({ current: readlinkSync(layout.currentLink), good: readlinkSync(layout.goodLink) }),
    outcomes: () => queuedOutcomes(layout).map(({ report }) => report),
    cleanup() {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) {
          try {
            process.kill(child.spawnargs.includes("supervise") ? -child.pid! : child.pid!, "SIGKILL");
          } catch {
            // already gone
          }
        }
      }
      server.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Polls `condition` every 50 ms until it holds; throws with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  condition: () => T | Promise<T>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await condition();
    if (value) return value;
    await Bun.sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Size of a file, 0 when missing. */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}
