/**
 * @module
 * Structured logs with levels and categories that can be switched on and off at runtime
 * (the engine API's `set_log <type> <0|1>` uses {@link Logger.setCategory}).
 */

export const LOG_CATEGORIES = [
  "audio",
  "effects",
  "hardware",
  "analysis",
  "ocp",
  "daemon",
  "api",
  "cloud",
  /** Services starting and stopping under `run`. */
  "lifecycle",
  /** Firmware updates: checks, downloads, switches, trials. */
  "ota",
] as const;
export type LogCategory = typeof LOG_CATEGORIES[number];
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = typeof LOG_LEVELS[number];

export interface LogRecord {
  ts: string;
  level: LogLevel;
  category: LogCategory;
  msg: string;
  [field: string]: unknown;
}

export type LogSink = (record: LogRecord) => void;

/** Writes one JSON line per record to stderr, so stdout stays free for command output. */
export const stderrSink: LogSink = (record) => {
  process.stderr.write(JSON.stringify(record) + "\n");
};

/**
 * One readable line per record (`05:22:37.308 INFO  [ocp] accessory connected serial=MXR-…`), for a
 * person watching a terminal; `write` defaults to stderr.
 */
export function textSink(write: (line: string) => void = (line) => process.stderr.write(line)): LogSink {
  return ({ ts, level, category, msg, ...fields }) => {
    const extra = Object.entries(fields).map(([k, v]) =>
      ` ${k}=${typeof v === "string" ? v : JSON.stringify(v)}`
    );
    write(`${ts.slice(11, 23)} ${level.toUpperCase().padEnd(5)} [${category}] ${msg}${extra.join("")}\n`);
  };
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Categories that start disabled; every other category starts enabled. */
  disabled?: LogCategory[];
  sink?: LogSink;
}

export class Logger {
  #level: number;
  #enabled: Map<LogCategory, boolean>;
  #sink: LogSink;

  constructor(options: LoggerOptions = {}) {
    this.#level = LOG_LEVELS.indexOf(options.level ?? "info");
    this.#enabled = new Map(LOG_CATEGORIES.map((c) => [c, !(options.disabled ?? []).includes(c)]));
    this.#sink = options.sink ?? stderrSink;
  }

  /** Turns a category on or off; `"all"` switches every category. */
  setCategory(category: LogCategory | "all", enabled: boolean): void {
    for (const c of category === "all" ? LOG_CATEGORIES : [category]) this.#enabled.set(c, enabled);
  }

  /** Every category with its on/off state (what `set_log` reports back). */
  categories(): Record<LogCategory, boolean> {
    return Object.fromEntries(this.#enabled) as Record<LogCategory, boolean>;
  }

  isEnabled(category: LogCategory): boolean {
    return this.#enabled.get(category) ?? false;
  }

  setLevel(level: LogLevel): void {
    this.#level = LOG_LEVELS.indexOf(level);
  }

  log(level: LogLevel, category: LogCategory, msg: string, fields: Record<string, unknown> = {}): void {
    // Errors always pass: a disabled category must never hide a failure.
    if (level !== "error" && (LOG_LEVELS.indexOf(level) < this.#level || !this.isEnabled(category))) return;
    this.#sink({ ts: new Date().toISOString(), level, category, msg, ...fields });
  }

  debug(category: LogCategory, msg: string, fields?: Record<string, unknown>): void {
    this.log("debug", category, msg, fields);
  }
  info(category: LogCategory, msg: string, fields?: Record<string, unknown>): void {
    this.log("info", category, msg, fields);
  }
  warn(category: LogCategory, msg: string, fields?: Record<string, unknown>): void {
    this.log("warn", category, msg, fields);
  }
  error(category: LogCategory, msg: string, fields?: Record<string, unknown>): void {
    this.log("error", category, msg, fields);
  }
}

/** A logger that records into an array, for tests. */
export function createMemoryLogger(
  options: Omit<LoggerOptions, "sink"> = {},
): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  return {
    logger: new Logger({ ...options, level: options.level ?? "debug", sink: (r) => records.push(r) }),
    records,
  };
}
