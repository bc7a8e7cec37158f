/** @module What a `mixera-controller` command is: a name, its help, and a run that returns an exit code. */
import type { CliIo } from "./io.ts";

export interface Command {
  name: string;
  summary: string;
  usage: string[];
  run(args: string[], io: CliIo): Promise<number>;
}
