/**
 * @module
 * The supervisor (`mixera-controller supervise`): the small launcher that keeps a controller running
 * from the A/B layout. It starts `current/mixera-controller run …` and restarts it when it exits. When
 * `current` ≠ `good` it runs the current slot as a trial: the trial binary must answer the health
 * check within `trialMs`, else it is stopped (SIGTERM, then SIGKILL), `current` goes back to `good`
 * and a `rolled_back` outcome is queued; a passing trial becomes `good` and queues `installed`. While
 * a good controller runs, a swapped `current` link (an installed update) makes it restart into the
 * new slot. systemd starts the supervisor from the `good` link, never from `current`, so a broken
 * new build can never break its own rollback (see controller/ota/README.md).
 */
import { readlinkSync } from "node:fs";
import type { Logger } from "../log/logger.ts";
import { type EngineApiTarget, waitUntilHealthy } from "./engine_probe.ts";
import { queueOutcome, withdrawOutcome } from "./outcomes.ts";
import {
  pointCurrentAt,
  pointGoodAt,
  readRelease,
  readSlots,
  type SlotLayout,
  type SlotName,
} from "./slots.ts";
import { clearTrial, readTrial, writeTrial } from "./trial_record.ts";
import { raiseTrust } from "./trust_record.ts";

export interface SupervisorOptions {
  layout: SlotLayout;
  /** What follows `run` on the controller's command line. */
  args: string[];
  env?: Record<string, string | undefined>;
  /** The engine API to probe; null when the API is disabled (the trial then only has to stay up). */
  health: EngineApiTarget | null;
  trialMs: number;
  /** Starts of one trial before it is given up (each start that died with the machine counts). */
  maxTrialBoots: number;
  stopGraceMs: number;
  /** How often `current` is checked for a switch while a good controller runs. */
  watchIntervalMs?: number;
  logger: Logger;
  /** Resolves when the supervisor should stop its controller and return. */
  shutdown: Promise<unknown>;
}

type Child = ReturnType<typeof Bun.spawn>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs until `shutdown` resolves. */
export async function supervise(options: SupervisorOptions): Promise<void> {
  let stopping = false;
  void options.shutdown.then(() => stopping = true);
  let quickExits = 0;
  while (!stopping) {
    const { current, good } = readSlots(options.layout);
    const started = Date.now();
    const child = current === good ? start(options, current) : await runTrial(options, current, good);
    if (!child) continue;
    const ended = await runUntilEnd(options, child, current);
    if (ended !== "exited" || Date.now() - started > 10_000) quickExits = 0;
    else if (!stopping) {
      quickExits++;
      options.logger.warn("lifecycle", "controller exited", { code: child.exitCode, slot: current });
      // A crash loop of the good build cannot be rolled back; back off instead of spinning.
      await Promise.race([sleep(Math.min(30_000, 250 * 2 ** Math.min(quickExits, 7))), options.shutdown]);
    }
  }
}

function start(options: SupervisorOptions, slot: SlotName): Child {
  options.logger.info("lifecycle", "starting controller", { slot });
  return Bun.spawn([options.layout.binary(slot), "run", ...options.args], {
    env: options.env ?? process.env,
    stdio: ["ignore", "inherit", "inherit"],
  });
}

async function stopChild(child: Child, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const exited = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!exited) {
    child.kill("SIGKILL");
    await child.exited;
  }
}

/** Waits for the child to exit, for shutdown, or for `current` to leave `slot` (then stops the child). */
async function runUntilEnd(
  options: SupervisorOptions,
  child: Child,
  slot: SlotName,
): Promise<"exited" | "switched" | "shutdown"> {
  let watching = true;
  const switched = (async () => {
    while (watching) {
      await sleep(options.watchIntervalMs ?? 500);
      if (watching && readlinkSync(options.layout.currentLink) !== `slots/${slot}`) {
        return "switched" as const;
      }
    }
    return "exited" as const;
  })();
  const ended = await Promise.race([
    child.exited.then(() => "exited" as const),
    options.shutdown.then(() => "shutdown" as const),
    switched,
  ]);
  watching = false;
  if (ended !== "exited") await stopChild(child, options.stopGraceMs);
  if (ended === "switched") {
    options.logger.info("lifecycle", "current slot switched: restarting", { from: slot });
  }
  return ended;
}

/**
 * One start of the slot in trial. Returns the running, now good, controller; or null after a rollback
 * (or a shutdown during the trial, which leaves the trial to the next start).
 */
async function runTrial(options: SupervisorOptions, slot: SlotName, good: SlotName): Promise<Child | null> {
  const { layout, logger } = options;
  const release = readRelease(layout, slot);
  const previousVersion = readRelease(layout, good)?.version ?? "0.0.0";
  if (!release) {
    rollBack(options, slot, good, null, "the slot in trial holds no release record");
    return null;
  }
  raiseTrust(layout, { highestVersion: release.version, lastSequence: release.sequence });
  const trial = readTrial(layout, slot, release.version);
  if (trial.boots >= options.maxTrialBoots) {
    rollBack(
      options,
      slot,
      good,
      {
        version: release.version,
        previousVersion,
      },
      `the trial was cut short ${
        trial.boots === 1 ? "once" : `${trial.boots} times`
      } before its health check passed`,
    );
    return null;
  }
  writeTrial(layout, { ...trial, boots: trial.boots + 1 });
  logger.info("lifecycle", "trial started", { slot, version: release.version, boot: trial.boots + 1 });
  let child: Child;
  try {
    child = start(options, slot);
  } catch (error) {
    const reason = `the new controller could not be started: ${(error as Error).message}`;
    rollBack(options, slot, good, { version: release.version, previousVersion }, reason);
    return null;
  }
  const verdict = await judgeTrial(options, child);
  if (verdict === "healthy") {
    queueOutcome(layout, {
      outcome: "installed",
      version: release.version,
      previous_version: previousVersion,
    });
    pointGoodAt(layout, slot);
    clearTrial(layout);
    logger.info("lifecycle", "trial passed: slot marked good", { slot, version: release.version });
    return child;
  }
  await stopChild(child, options.stopGraceMs);
  if (verdict !== "shutdown") {
    rollBack(options, slot, good, { version: release.version, previousVersion }, verdict);
  }
  return null;
}

async function judgeTrial(options: SupervisorOptions, child: Child): Promise<string> {
  const { health, trialMs } = options;
  const seconds = Math.round(trialMs / 100) / 10;
  const exited = child.exited.then((code) => `the new controller exited with code ${code} during its trial`);
  const checked = health
    ? waitUntilHealthy(health, Date.now() + trialMs, { stop: child.exited }).then((ok) =>
      ok
        ? "healthy"
        : `health check failed: no pong from the engine API on ${health.host}:${health.port} within ${seconds} s`
    )
    : sleep(trialMs).then(() => "healthy");
  const verdict = await Promise.race([checked, exited, options.shutdown.then(() => "shutdown")]);
  if (verdict !== "shutdown" && child.exitCode !== null) return await exited;
  return verdict;
}

function rollBack(
  options: SupervisorOptions,
  slot: SlotName,
  good: SlotName,
  /** What was tried and what runs again; null when the slot's release is unknown (nothing to report). */
  tried: { version: string; previousVersion: string } | null,
  reason: string,
): void {
  const { layout, logger } = options;
  if (tried) {
    withdrawOutcome(layout, tried.version, "installed");
    queueOutcome(layout, {
      outcome: "rolled_back",
      version: tried.version,
      previous_version: tried.previousVersion,
      reason,
    });
  }
  pointCurrentAt(layout, good);
  clearTrial(layout);
  logger.warn("lifecycle", "trial failed: rolled back", { slot, version: tried?.version, to: good, reason });
}
