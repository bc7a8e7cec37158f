/**
 * @module
 * Dispatches `mixera-controller <command> [args]` to a command and turns usage errors into exit code 2.
 */
import { COMMANDS } from "./commands.ts";
import { type CliIo, EXIT, UsageError } from "./io.ts";

function printOverview(io: CliIo): void {
  io.out("Usage: mixera-controller [command] [options]   (command defaults to run)");
  io.out("");
  io.out("Commands:");
  for (const command of COMMANDS) io.out(`  ${command.name.padEnd(20)}${command.summary}`);
  io.out("");
  io.out("Run `mixera-controller <command> --help` for a command's options.");
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    printOverview(io);
    return EXIT.OK;
  }
  const named = COMMANDS.find((c) => c.name === first);
  const command = named ?? COMMANDS[0];
  if (!named && first !== undefined && !first.startsWith("-")) {
    io.err(`mixera-controller: unknown command "${first}"`);
    printOverview(io);
    return EXIT.USAGE;
  }
  try {
    return await command.run(named ? rest : argv, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`mixera-controller ${command.name}: ${error.message}`);
    io.err(`Run \`mixera-controller ${command.name} --help\` for usage.`);
    return EXIT.USAGE;
  }
}
