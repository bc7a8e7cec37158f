/**
 * @module
 * Command handling: a parsed {@link Command} becomes engine calls and reply events. Transport-free, so the
 * TCP server and the WebSocket bridge share it and tests drive it directly.
 */
import type { CloudTracks } from "../cloud/tracks/types.ts";
import { type DeckId, type Engine, EngineError } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import type { Command } from "./command.ts";
import { type ApiEvent, deckStatusEvent } from "./events.ts";
import { runCloudCommand } from "./handle_cloud_command.ts";
import { runStemCommand } from "./handle_stem_command.ts";

/** Waveforms stream in chunks of about 500 points. */
export const WAVEFORM_CHUNK_POINTS = 500;

export interface CommandContext {
  engine: Engine;
  logger: Logger;
  /** The cloud track library; absent where the controller runs without one (cloud commands then say so). */
  cloud?: CloudTracks;
  /** Sends an event to the client that sent the command. */
  reply: (event: ApiEvent) => void;
  now?: () => number;
}

/** Runs one command. Engine errors become `error` events; anything else unexpected is logged and reported. */
export function handleCommand(command: Command, context: CommandContext): void {
  const { reply } = context;
  const deckId = "deck" in command ? command.deck : undefined;
  try {
    runCommand(command, context);
  } catch (error) {
    const message = error instanceof EngineError ? error.message : "internal error";
    if (!(error instanceof EngineError)) {
      context.logger.error("api", "command failed", { cmd: command.cmd, error: String(error) });
    }
    reply({
      event: "error",
      data: { message, cmd: command.cmd, ...(deckId === undefined ? {} : { deck_id: deckId }) },
    });
  }
}

function runCommand(
  command: Command,
  { engine, logger, cloud, reply, now = Date.now }: CommandContext,
): void {
  const ack = (deck: DeckId) =>
    reply({ event: "cmd_ack", data: { cmd: command.cmd, deck_id: deck, ts_ms: now() } });
  switch (command.cmd) {
    case "play":
      engine.play(command.deck);
      return ack(command.deck);
    case "pause":
      engine.pause(command.deck);
      return ack(command.deck);
    case "stop":
      engine.stop(command.deck);
      return ack(command.deck);
    case "seek":
      engine.seek(command.deck, command.seconds);
      return ack(command.deck);
    case "tempo":
      engine.setTempo(command.deck, command.percent);
      return ack(command.deck);
    case "tempo_range":
      engine.setTempoRange(command.deck, command.range);
      return ack(command.deck);
    case "cue_set":
      engine.cueSet(command.deck, command.cue);
      return ack(command.deck);
    case "cue_jump":
      engine.cueJump(command.deck, command.cue);
      return ack(command.deck);
    case "loop":
      engine.setLoop(command.deck, command.startSec, command.endSec);
      return ack(command.deck);
    case "loop_off":
      engine.clearLoop(command.deck);
      return ack(command.deck);
    case "load_track": {
      // The ack goes out before the load finishes; a failed load answers with an error event later.
      ack(command.deck);
      const { deck, path } = command;
      engine.load(deck, path).catch((error) => {
        const message = error instanceof EngineError ? error.message : "could not load the track";
        if (!(error instanceof EngineError)) {
          logger.error("api", "load failed", { deck, path, error: String(error) });
        }
        reply({ event: "error", data: { message, cmd: "load_track", deck_id: deck } });
      });
      return;
    }
    case "ping":
      return reply({ event: "pong", data: { ts_ms: now() } });
    case "get_deck_status":
      return reply(deckStatusEvent(engine.status(), now()));
    case "get_waveform":
      return replyWaveform(engine, command.deck, command.points, reply);
    case "set_log":
      logger.setCategory(command.type, command.enabled);
      return reply({ event: "log_state", data: { type: command.type, enabled: command.enabled } });
    case "stem_separate":
    case "stem_status":
    case "stem_load":
    case "stem_algo":
    case "stem_clear_cache":
    case "demucs_check":
    case "stem_level":
    case "stem_mute":
      return runStemCommand(command, engine, reply, logger, now);
    case "cloud_list_tracks":
    case "cloud_search_tracks":
    case "cloud_get_metadata":
    case "load_cloud_track":
      return runCloudCommand(command, cloud, reply, logger);
  }
}

/** Answers `get_waveform` with the same `waveform_chunk` events a load streams, so clients draw both alike. */
function replyWaveform(engine: Engine, deck: DeckId, points: number, reply: (event: ApiEvent) => void): void {
  const waveform = engine.waveform(deck, points);
  const track = engine.status()[deck]?.track;
  const totalChunks = Math.max(1, Math.ceil(waveform.length / WAVEFORM_CHUNK_POINTS));
  for (let chunk = 0; chunk < totalChunks; chunk++) {
    reply({
      event: "waveform_chunk",
      data: {
        deck_id: deck,
        chunk_index: chunk,
        total_chunks: totalChunks,
        sample_rate: track?.sourceSampleRate ?? 0,
        total_points: waveform.length,
        waveform: waveform.slice(chunk * WAVEFORM_CHUNK_POINTS, (chunk + 1) * WAVEFORM_CHUNK_POINTS),
      },
    });
  }
}
