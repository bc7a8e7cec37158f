/**
 * @module Browser-test helpers for the compiled `mixera-controller`: build it, run its commands in a
 * temporary home, and talk to the engine API (newline JSON on TCP) and the mixer daemon's console
 * port (NUL-terminated text) it starts.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds the single binary into `outfile`; throws when the build fails. */
export function buildController(outfile: string): void {
  const build = spawnSync(join(root, "node_modules", ".bin", "bun"), [
    "scripts/build-controller.ts",
    "--outfile",
    outfile,
  ], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) throw new Error("building the controller failed");
}

export interface ControllerProcess {
  child: ChildProcess;
  /** stdout lines, and stderr lines prefixed `stderr: `. */
  lines: string[];
  exited: Promise<number | null>;
}

/** Runs `binary args…` with its data in `dir/controller` and only `env` (plus PATH) set. */
export function runController(
  binary: string,
  dir: string,
  args: string[],
  env: Record<string, string> = {},
): ControllerProcess {
  const child = spawn(binary, [...args, "--data-dir", join(dir, "controller")], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(`stderr: ${line}`));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, lines, exited };
}

/** The TCP port a `run` printed for an endpoint line such as `engine api: tcp 127.0.0.1:PORT`. */
export function endpointPort(lines: string[], prefix: string): number | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}: tcp 127\\.0\\.0\\.1:(\\d+)`).exec(lines.join("\n"));
  return match ? Number(match[1]) : null;
}

export interface EngineEventLine {
  event: string;
  data: Record<string, unknown>;
}

/** A client of the engine API that collects every event but the 30 Hz deck status. */
export function engineClient(port: number): Promise<{ socket: Socket; events: EngineEventLine[] }> {
  return new Promise((resolve, reject) => {
    const events: EngineEventLine[] = [];
    const socket = connect(port, "127.0.0.1", () => resolve({ socket, events }));
    socket.once("error", reject);
    createInterface({ input: socket }).on("line", (line) => {
      const event = JSON.parse(line);
      if (event.event !== "deck_status") events.push(event);
    });
  });
}

/** Sets mixer properties through the daemon's console port, as a mixer front end does. */
export function mixerConsole(
  port: number,
): Promise<{ set(path: string, value: string | number): void; close(): void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () =>
      resolve({
        set: (path, value) => socket.write(`set ${path}/value ${value}\0`),
        close: () => socket.destroy(),
      }));
    socket.once("error", reject);
    socket.on("data", () => {});
  });
}
