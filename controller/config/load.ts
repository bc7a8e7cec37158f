/**
 * @module
 * Builds the configuration from, in rising priority: defaults, a JSON file (`--config` or
 * `MIXERA_CONFIG`), environment variables and flags. A bad value comes back as one message that
 * names the field and where it came from, e.g.
 * `ocp.port (from MIXERA_OCP_PORT): Too big: expected number to be <=65535`.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { type ControllerConfig, ControllerConfigSchema } from "./schema.ts";
import { convertSetting, LISTEN_PATHS, SETTINGS } from "./settings.ts";

export type ConfigResult = { ok: true; config: ControllerConfig } | { ok: false; message: string };

export interface ConfigSources {
  env: Record<string, string | undefined>;
  /** Parsed flags keyed by flag name (`data-dir`), as `util.parseArgs` returns them. */
  flags: Record<string, string | boolean | undefined>;
  /** Path of the config file (a flag wins over `MIXERA_CONFIG`). */
  configFile?: string;
  home?: string;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null || Array.isArray(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
}

function expandHome(path: string, home: string): string {
  return path === "~" || path.startsWith("~/") ? join(home, path.slice(1)) : resolve(path);
}

export function loadConfig(sources: ConfigSources): ConfigResult {
  const home = sources.home ?? homedir();
  const raw: Record<string, unknown> = { dataDir: join(home, ".mixera") };
  const origin = new Map<string, string>();

  const configFile = sources.configFile ?? sources.env.MIXERA_CONFIG;
  if (configFile) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(configFile, "utf8"));
    } catch (error) {
      return { ok: false, message: `cannot read config file ${configFile}: ${(error as Error).message}` };
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return { ok: false, message: `config file ${configFile}: expected a JSON object` };
    }
    Object.assign(raw, parsed);
  }

  const apply = (path: string, value: unknown, source: string) => {
    for (const target of path === "listen" ? LISTEN_PATHS : [path]) {
      setPath(raw, target, value);
      origin.set(target, source);
    }
  };
  for (const setting of SETTINGS) {
    const value = sources.env[setting.env];
    if (value !== undefined && value !== "") {
      apply(setting.path, convertSetting(setting.kind, value), setting.env);
    }
  }
  for (const setting of SETTINGS) {
    const value = setting.flag ? sources.flags[setting.flag] : undefined;
    if (value !== undefined) apply(setting.path, convertSetting(setting.kind, value), `--${setting.flag}`);
  }
  if (typeof raw.dataDir === "string") raw.dataDir = expandHome(raw.dataDir, home);

  const result = ControllerConfigSchema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0];
  const field = issue.path.join(".") || "(root)";
  const source = [...origin.keys()].find((p) => field === p || field.startsWith(`${p}.`));
  const from = source ? ` (from ${origin.get(source)})` : configFile ? ` (in ${configFile})` : "";
  return { ok: false, message: `invalid config: ${field}${from}: ${issue.message}` };
}
