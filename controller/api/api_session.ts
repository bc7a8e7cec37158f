/**
 * @module
 * What one client connection does with its incoming bytes, shared by the TCP server and the WebSocket bridge:
 * cut them into lines (newline framing, at most {@link MAX_COMMAND_LINE_BYTES} bytes a line), parse each,
 * answer a framing or parse error with an `error` event, otherwise hand the command to the handler.
 */
import { createDelimitedDecoder, type FrameDecoder, type FrameResult } from "../../shared/framing/mod.ts";
import type { CloudTracks } from "../cloud/tracks/types.ts";
import type { Engine } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import { MAX_COMMAND_LINE_BYTES, parseCommand } from "./command.ts";
import type { ApiEvent } from "./events.ts";
import { handleCommand } from "./handle_command.ts";

export interface SessionDependencies {
  engine: Engine;
  logger: Logger;
  cloud?: CloudTracks;
}

export function handleLine(line: string, deps: SessionDependencies, reply: (event: ApiEvent) => void): void {
  if (line.trim() === "") return;
  const parsed = parseCommand(line);
  if (!parsed.ok) {
    reply({ event: "error", data: { message: parsed.message, ...(parsed.cmd ? { cmd: parsed.cmd } : {}) } });
    return;
  }
  handleCommand(parsed.command, { ...deps, reply });
}

/** One connection's line decoder: the same byte limit on TCP and WebSocket. */
export function createCommandLineDecoder(): FrameDecoder<string> {
  return createDelimitedDecoder({ delimiter: "newline", maxFrameSize: MAX_COMMAND_LINE_BYTES });
}

/** Handles every line (or framing error) a decoder returned, in order. */
export function handleLines(
  results: FrameResult<string>[],
  deps: SessionDependencies,
  reply: (event: ApiEvent) => void,
): void {
  for (const result of results) {
    if (result.ok) handleLine(result.frame, deps, reply);
    else reply({ event: "error", data: { message: framingErrorMessage(result.error.kind) } });
  }
}

function framingErrorMessage(kind: "oversize" | "garbage"): string {
  return kind === "oversize"
    ? `command line longer than ${MAX_COMMAND_LINE_BYTES} bytes, ignored`
    : "command line is not valid UTF-8, ignored";
}
