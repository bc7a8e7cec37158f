/**
 * @module
 * Browser-test helpers for the compiled controller: build `mixera-controller`, run its commands against a
 * data directory, get a DJ into the Preview Program with a registered and linked controller (through the
 * real pages and the device grant), and talk to its engine API over a raw TCP socket.
 */
import { type Browser, expect, type Page } from "@playwright/test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { signUpVerified } from "./accounts.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Builds the single binary into `outfile` (a minute on a busy machine). */
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

/** Runs `binary args… --data-dir <dir>/controller` with HOME=dir and only PATH (plus `env`) inherited. */
export function controllerCommand(
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

/** Every port ephemeral, ALSA "null" output, quiet logs: a `run` that shares the machine with other tests. */
export const EPHEMERAL_RUN_ENV: Record<string, string> = {
  MIXERA_ALSA_DEVICE: "null",
  MIXERA_API_PORT: "0",
  MIXERA_API_WS_PORT: "0",
  MIXERA_DAEMON_CONSOLE_PORT: "0",
  MIXERA_DAEMON_HELPER_PORT: "0",
  MIXERA_DAEMON_WS_PORT: "0",
  MIXERA_OCP_PORT: "0",
  MIXERA_LOG_LEVEL: "warn",
};

/** Waits for `run` to print its engine API line; returns the TCP port. */
export async function engineApiPort(controller: ControllerProcess): Promise<number> {
  await expect.poll(() => controller.lines.join("\n"), { timeout: 30_000 }).toMatch(
    /engine api: tcp 127\.0\.0\.1:\d+/,
  );
  return Number(/engine api: tcp 127\.0\.0\.1:(\d+)/.exec(controller.lines.join("\n"))![1]);
}

export interface EngineEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface EngineClient {
  socket: Socket;
  /** Every event but `deck_status`, in arrival order. */
  events: EngineEvent[];
  /** The latest `deck_status` frame's decks. */
  decks(): { id: number; position_sec: number; playing: boolean }[];
  send(line: string): void;
  /** The first event named `event` after index `from` that matches. */
  waitFor(
    event: string,
    match?: (data: Record<string, unknown>) => boolean,
    from?: number,
  ): Promise<EngineEvent>;
}

/** A newline-JSON client of the engine API over a raw TCP socket. */
export function engineClient(port: number): Promise<EngineClient> {
  return new Promise((resolve, reject) => {
    const events: EngineEvent[] = [];
    let decks: { id: number; position_sec: number; playing: boolean }[] = [];
    const socket = connect(port, "127.0.0.1", () =>
      resolve({
        socket,
        events,
        decks: () => decks,
        send: (line) => void socket.write(`${line}\n`),
        async waitFor(event, match = () => true, from = 0) {
          const find = () => events.slice(from).find((e) => e.event === event && match(e.data));
          await expect.poll(() => find() !== undefined, { timeout: 30_000, message: `waiting for ${event}` })
            .toBe(true);
          return find()!;
        },
      }));
    socket.setNoDelay(true);
    socket.once("error", reject);
    createInterface({ input: socket }).on("line", (line) => {
      const event = JSON.parse(line) as EngineEvent;
      if (event.event === "deck_status") decks = event.data.decks as typeof decks;
      else events.push(event);
    });
  });
}

async function newPage(browser: Browser): Promise<Page> {
  return await (await browser.newContext()).newPage();
}

/** Signs `email` up, applies to the Preview Program and has `adminEmail` (an ADMIN_EMAILS address) accept. */
export async function previewMember(
  browser: Browser,
  { email, name, adminEmail }: { email: string; name: string; adminEmail: string },
): Promise<Page> {
  const dj = await newPage(browser);
  await signUpVerified(dj, browser, { email, name });
  await dj.goto("/devices");
  await expect(dj.getByTestId("preview-gate")).toBeVisible();
  await dj.getByRole("link", { name: "Apply to the Preview Program" }).click();
  await dj.getByLabel("Why do you want to join?").fill("I play every weekend and test gear.");
  await dj.getByLabel("Which MIXERA gear do you use?").fill("MIXERA DJ Controller v2");
  await dj.getByRole("button", { name: "Apply to the Preview Program" }).click();
  await expect(dj.getByText("Application Pending")).toBeVisible();
  const admin = await newPage(browser);
  await signUpVerified(admin, browser, { email: adminEmail, name: "Cloud Admin" });
  await admin.goto("/admin/preview");
  await admin.getByRole("button", { name: `Accept ${email}` }).click();
  await expect(admin.getByText("The application was accepted")).toBeVisible();
  await admin.context().close();
  return dj;
}

/** Registers `serial` on /devices, provisions the binary with it and links it through /activate. */
export async function registerAndLink(
  dj: Page,
  { binary, dir, serial, portal }: { binary: string; dir: string; serial: string; portal: string },
): Promise<void> {
  await dj.goto("/devices");
  await dj.getByLabel("Serial number").fill(serial);
  await dj.getByLabel("Model").selectOption("MXR-DJCTRL-v2");
  await dj.getByLabel("Purchase date").fill("2025-02-01");
  await dj.getByRole("button", { name: "Register device" }).click();
  await expect(dj.getByText("Your device was registered.")).toBeVisible();
  const provision = controllerCommand(binary, dir, ["provision", "--serial", serial]);
  expect(await provision.exited).toBe(0);
  const link = controllerCommand(binary, dir, ["link", "--portal", portal]);
  await expect.poll(() => link.lines.join("\n")).toMatch(/enter the code: [A-Z]{4}-[A-Z]{4}/);
  const userCode = /enter the code: ([A-Z]{4}-[A-Z]{4})/.exec(link.lines.join("\n"))![1];
  await dj.goto(`/activate?user_code=${userCode}`);
  await dj.getByRole("button", { name: "Continue" }).click();
  await dj.getByRole("button", { name: "Allow" }).click();
  expect(await link.exited, link.lines.join("\n")).toBe(0);
}

/** The TCP port a `run` printed for an endpoint line such as `engine api: tcp 127.0.0.1:PORT`. */
export function endpointPort(lines: string[], prefix: string): number | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}: tcp 127\\.0\\.0\\.1:(\\d+)`).exec(lines.join("\n"));
  return match ? Number(match[1]) : null;
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
