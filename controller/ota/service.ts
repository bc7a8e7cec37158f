/**
 * @module
 * Updates while the controller runs (`run`): a linked controller asks the portal for the newest
 * eligible release when it starts (right after its cloud handshake) and every `ota.checkIntervalMs`;
 * an accepted release is downloaded into the inactive slot while the engine keeps playing, and the
 * switch waits until no deck is playing. The supervisor then restarts into the new slot in trial.
 * Queued install outcomes are sent every `ota.reportIntervalMs`.
 */
import type { ControllerConfig } from "../config/schema.ts";
import type { Logger } from "../log/logger.ts";
import type { RunningService } from "../service.ts";
import { stageRelease, switchToRelease, TrialInProgressError } from "./install.ts";
import { readSlots, type SlotLayout } from "./slots.ts";
import { type DeviceApi, fetchOffer, judgeOffer, reportOutcomes, type UpdateTarget } from "./updater.ts";

export interface OtaServiceOptions {
  config: ControllerConfig["ota"];
  target: UpdateTarget;
  /** Null when the controller is not linked: nothing to ask, outcomes stay queued. */
  api: DeviceApi | null;
  logger: Logger;
  /** Whether a deck plays right now; the switch waits while it does. */
  decksPlaying: () => boolean;
  /** How often a waiting switch looks at the decks again. */
  idlePollMs?: number;
  /** Epoch milliseconds (tests move it). */
  now?: () => number;
}

export interface OtaService extends RunningService {
  /** One check (and install when enabled); resolves when done. Runs at most one at a time. */
  checkNow(): Promise<void>;
  /** A check after a cloud handshake, unless one started less than `HANDSHAKE_CHECK_SPACING_MS` ago. */
  checkAfterHandshake(): void;
}

/** A locked controller shakes hands at every check-in; that must not turn into an update check each time. */
export const HANDSHAKE_CHECK_SPACING_MS = 60_000;

export function startOtaService(options: OtaServiceOptions): OtaService {
  const { config, target, api, logger } = options;
  const now = options.now ?? Date.now;
  const layout: SlotLayout = target.layout;
  let stopped = false;
  let checking: Promise<void> | null = null;
  let lastCheckStarted = -Infinity;
  let reporting: Promise<unknown> = Promise.resolve();

  const waitUntilIdle = async () => {
    while (!stopped && options.decksPlaying()) {
      await new Promise((resolve) => setTimeout(resolve, options.idlePollMs ?? 1_000));
    }
  };

  const checkOnce = async () => {
    if (!api) return;
    const offer = await fetchOffer(api, config.channel);
    if (offer === null) return logger.debug("ota", "no update offered");
    const check = await judgeOffer(offer, target);
    if (!check.ok) {
      return logger.info("ota", "update refused", { refusal: check.refusal, reason: check.message });
    }
    const { manifest } = check;
    logger.info("ota", "update accepted", { version: manifest.version, sequence: manifest.sequence });
    if (!config.autoInstall) return;
    const slot = await stageRelease(layout, manifest, {
      onStep: (step) => logger.info("ota", "install step", { step, version: manifest.version }),
    });
    if (options.decksPlaying()) logger.info("ota", "update staged: switching once no deck is playing");
    await waitUntilIdle();
    if (stopped) return;
    switchToRelease(layout, slot);
    logger.info("ota", "switched to the new slot: the supervisor restarts into it", { slot });
  };

  const checkNow = (): Promise<void> => {
    if (checking) return checking;
    lastCheckStarted = now();
    checking = checkOnce().catch((error) => {
      const level = error instanceof TrialInProgressError ? "debug" : "warn";
      logger[level]("ota", "update check failed", {
        error: error instanceof Error ? error.message : String(error),
      });
    }).finally(() => checking = null);
    return checking;
  };

  const report = () => {
    if (!api || stopped) return;
    reporting = reportOutcomes(api, layout).then((sent) => {
      if (sent > 0) logger.info("ota", "update outcomes reported", { sent });
    }).catch((error) => logger.debug("ota", "outcome report failed", { error: String(error) }));
  };

  const { current, good } = readSlots(layout);
  report();
  const reportTimer = setInterval(report, config.reportIntervalMs);
  const autoCheck = config.autoCheck && api !== null;
  if (autoCheck) void checkNow();
  const checkTimer = autoCheck ? setInterval(() => void checkNow(), config.checkIntervalMs) : null;
  return {
    name: "ota",
    endpoints: [
      `updates: slot ${current}${current === good ? "" : " (in trial)"} of ${layout.root}; ${
        autoCheck ? `checking the ${config.channel} channel` : api ? "automatic checks off" : "not linked"
      }`,
    ],
    checkNow,
    checkAfterHandshake() {
      if (!stopped && config.autoCheck && now() - lastCheckStarted >= HANDSHAKE_CHECK_SPACING_MS) {
        void checkNow();
      }
    },
    async stop() {
      stopped = true;
      clearInterval(reportTimer);
      if (checkTimer) clearInterval(checkTimer);
      // A download in progress is left to the process exit: it resumes from its .part file next time.
      await reporting;
    },
  };
}
