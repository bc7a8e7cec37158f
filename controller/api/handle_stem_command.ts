/**
 * @module
 * The stem commands (`stem_separate`, `stem_status`, `stem_load`, `stem_algo`, `stem_clear_cache`,
 * `demucs_check`, `stem_level`, `stem_mute`): engine stem-service calls and their reply events. Queue progress reaches every client
 * as engine events; slow answers (a load, the demucs check) come later, to the sender.
 */
import { type Engine, EngineError, type StemService } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import type { Command } from "./command.ts";
import type { ApiEvent } from "./events.ts";

export type StemCommand = Extract<
  Command,
  {
    cmd:
      | "stem_separate"
      | "stem_status"
      | "stem_load"
      | "stem_algo"
      | "stem_clear_cache"
      | "demucs_check"
      | "stem_level"
      | "stem_mute";
  }
>;

function stemsOf(engine: Engine): StemService {
  if (!engine.stems) throw new EngineError("stem separation is not enabled on this controller");
  return engine.stems;
}

/** Slow stem work (a load, the demucs check) answers later; its failure becomes an `error` to the sender. */
function answerLater<T>(
  work: Promise<T>,
  command: StemCommand,
  reply: (event: ApiEvent) => void,
  logger: Logger,
  answer: (result: T) => ApiEvent,
): void {
  const deck = "deck" in command ? { deck_id: command.deck } : {};
  work.then((result) => reply(answer(result)), (error) => {
    const message = error instanceof EngineError ? error.message : `${command.cmd} failed`;
    if (!(error instanceof EngineError)) {
      logger.error("api", `${command.cmd} failed`, { error: String(error) });
    }
    reply({ event: "error", data: { message, cmd: command.cmd, ...deck } });
  });
}

export function runStemCommand(
  command: StemCommand,
  engine: Engine,
  reply: (event: ApiEvent) => void,
  logger: Logger,
  now: () => number,
): void {
  const stems = stemsOf(engine);
  switch (command.cmd) {
    case "stem_separate":
      // `stem_queued`, then `stem_progress` and `stem_done`/`stem_error`, go to every client.
      stems.separate(command.uid, command.path);
      return;
    case "stem_status":
      return reply({ event: "stem_status", data: stems.status() });
    case "stem_algo":
      stems.setTier(command.tier);
      return reply({ event: "stem_algo", data: { algo: command.tier } });
    case "stem_clear_cache": {
      const { removedBytes, entries } = stems.clearCache(command.uid ?? undefined);
      return reply({
        event: "stem_cache_cleared",
        data: { uid: command.uid, removed_bytes: removedBytes, entries },
      });
    }
    case "stem_level":
      stems.setControl(command.deck, command.stem, "Level", command.db);
      return reply({ event: "cmd_ack", data: { cmd: command.cmd, deck_id: command.deck, ts_ms: now() } });
    case "stem_mute":
      stems.setControl(command.deck, command.stem, "Mute", command.muted);
      return reply({ event: "cmd_ack", data: { cmd: command.cmd, deck_id: command.deck, ts_ms: now() } });
    case "demucs_check":
      return answerLater(stems.demucsCheck(), command, reply, logger, (report) => ({
        event: "demucs_status",
        data: report,
      }));
    case "stem_load": {
      const { deck, uid } = command;
      reply({ event: "cmd_ack", data: { cmd: "stem_load", deck_id: deck, ts_ms: now() } });
      return answerLater(stems.load(deck, uid), command, reply, logger, ({ tier, durationSec }) => ({
        event: "stems_loaded",
        data: { deck_id: deck, uid, tier, duration_sec: Math.round(durationSec * 1000) / 1000 },
      }));
    }
  }
}
