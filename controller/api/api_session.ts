/**
 * @module
 * What one client connection does with one incoming line, shared by the TCP server and the WebSocket bridge:
 * parse it, answer a parse error with an `error` event, otherwise hand the command to the handler.
 */
import type { Engine } from "../engine/types.ts";
import type { Logger } from "../log/logger.ts";
import { MAX_COMMAND_LINE_BYTES, parseCommand } from "./command.ts";
import type { ApiEvent } from "./events.ts";
import { handleCommand } from "./handle_command.ts";

export interface SessionDependencies {
  engine: Engine;
  logger: Logger;
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

export function lineTooLongEvent(): ApiEvent {
  return {
    event: "error",
    data: { message: `command line longer than ${MAX_COMMAND_LINE_BYTES} bytes, ignored` },
  };
}
