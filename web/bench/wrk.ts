/**
 * @module Driving `wrk` (Debian) from the portal benchmarks: a free port, waiting for a server, running wrk
 * on the core the server does not use, and reading its `--latency` report.
 */

export interface WrkResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Socket errors plus non-2xx/3xx answers. */
  errors: number;
}

export interface WrkRun {
  url: string;
  seconds: number;
  connections: number;
  headers?: string[];
  /** A Lua script and the argument it receives. */
  script?: { file: string; argument: string };
}

/** A port nothing listens on right now (the server binds it a moment later). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

export interface BenchPortal {
  /** `http://127.0.0.1:PORT` */
  base: string;
  stop(): Promise<void>;
}

/**
 * Starts the real portal (web/main.ts, production mode) pinned to core 0 on `databaseUrl`, and resolves once
 * `readyPath` answers.
 */
export async function startBenchPortal(
  databaseUrl: string,
  dataDir: string,
  readyPath: string,
  extraEnv: Record<string, string> = {},
): Promise<BenchPortal & { pid: number }> {
  const root = new URL("../../", import.meta.url).pathname;
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const portal = new Deno.Command("taskset", {
    args: ["-c", "0", `${root}node_modules/.bin/deno`, "run", "-A", `${root}web/main.ts`],
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      MIXERA_ENV: "production",
      PUBLIC_URL: base,
      LIBSQL_URL: databaseUrl,
      DATA_DIR: dataDir,
      ...extraEnv,
    },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  const stop = async () => {
    portal.kill("SIGTERM");
    await portal.status;
  };
  try {
    await waitUntilUp(`${base}${readyPath}`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, stop, pid: portal.pid };
}

/** Resolves once `url` answers at all; throws after about 30 s. */
export async function waitUntilUp(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    try {
      await (await fetch(url)).body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`nothing answered at ${url}`);
}

const MS_PER_UNIT: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk prints latencies as `812.00us`, `4.31ms`, `1.02s` or `1.10m`. */
export function parseDurationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`unexpected wrk duration ${text}`);
  return Number(match[1]) * MS_PER_UNIT[match[2]];
}

export function parseWrk(output: string): WrkResult {
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`wrk output lacks ${pattern}:\n${output}`);
    return match[1];
  };
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(output);
  return {
    requestsPerSec: Number(number(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: parseDurationMs(number(/^\s+50%\s+(\S+)\s*$/m)),
    p99Ms: parseDurationMs(number(/^\s+99%\s+(\S+)\s*$/m)),
    errors: (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0) +
      (non2xx ? Number(non2xx[1]) : 0),
  };
}

/** Runs wrk (one thread, pinned to core 1 while the server holds core 0) and parses its report. */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = [
    "-c",
    "1",
    "wrk",
    "-t",
    "1",
    "-c",
    String(run.connections),
    "-d",
    `${run.seconds}s`,
    "--latency",
  ];
  for (const header of run.headers ?? []) args.push("-H", header);
  if (run.script) args.push("-s", run.script.file);
  args.push(run.url);
  if (run.script) args.push("--", run.script.argument);
  const { stdout, stderr, success } = await new Deno.Command("taskset", { args }).output();
  if (!success) throw new Error(`wrk failed: ${new TextDecoder().decode(stderr)}`);
  return parseWrk(new TextDecoder().decode(stdout));
}
