/**
 * @module
 * Flag parsing (`node:util` parseArgs, strict: unknown flags are usage errors) with the options
 * every command shares: `--help`, `--config` and the settings table's flags.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type ConfigResult, loadConfig } from "../config/load.ts";
import { SETTINGS } from "../config/settings.ts";
import { type CliIo, UsageError } from "./io.ts";

type OptionSpec = NonNullable<ParseArgsConfig["options"]>;

export const COMMON_OPTIONS: OptionSpec = {
  help: { type: "boolean", short: "h" },
  config: { type: "string" },
  ...Object.fromEntries(
    SETTINGS.filter((s) => s.flag).map((
      s,
    ) => [s.flag!, { type: s.kind === "boolean" ? "boolean" : "string" }]),
  ),
} as OptionSpec;

export interface ParsedCommandLine {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandLine(args: string[], extra: OptionSpec = {}): ParsedCommandLine {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...extra },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedCommandLine["values"], positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function configFrom(parsed: ParsedCommandLine, io: CliIo): ConfigResult {
  return loadConfig({
    env: io.env,
    flags: parsed.values,
    configFile: typeof parsed.values.config === "string" ? parsed.values.config : undefined,
  });
}

export const COMMON_HELP = [
  "Common options:",
  "  -h, --help             show help for the command",
  "  --config FILE          JSON config file (or MIXERA_CONFIG)",
  ...SETTINGS.filter((s) => s.flag).map((s) =>
    `  --${(s.flag! + (s.kind === "boolean" ? "" : " VALUE")).padEnd(21)}${s.help} [${s.env}]`
  ),
  "Environment only:",
  ...SETTINGS.filter((s) => !s.flag).map((s) => `  ${s.env.padEnd(29)}${s.help}`),
];
