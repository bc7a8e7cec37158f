/**
 * @module
 * What a command may touch, passed in so tests run commands in-process and read their output.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  shutdownSignal(): Promise<string>;
}

/** Exit codes: 0 ok, 1 the command failed, 2 bad usage or bad configuration. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2 } as const;

export class UsageError extends Error {}
