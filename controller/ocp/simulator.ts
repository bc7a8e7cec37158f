/**
 * @module
 * A realistic fader board for development and tests (`mixera-controller simulate-accessory`): it
 * dials the controller over TCP (or opens a serial device), handshakes, answers heartbeats,
 * `SET_FADER_POS` and requests, and plays fader moves from a script or a default sweep.
 */
import { z } from "zod";
import {
  EventPayloadSchema,
  type HelloAckPayload,
  OCP_PROTOCOL_VERSION,
  ocpError,
} from "../../shared/ocp/mod.ts";
import type { Logger } from "../log/logger.ts";
import { dialTcp, type HostPort } from "./accessory_service.ts";
import { OcpLink, type OcpLinkOptions } from "./link.ts";
import { openSerialPort } from "./serial_port.ts";

export const ScriptStepSchema = z.intersection(
  z.object({ at_ms: z.number().int().min(0).max(24 * 3600 * 1000) }),
  EventPayloadSchema,
);
export const ScriptSchema = z.array(ScriptStepSchema).max(100_000);
export type ScriptStep = z.infer<typeof ScriptStepSchema>;

/** Parses a script file: a JSON array of steps, or one JSON step per line. Throws with the bad line. */
export function parseScript(text: string): ScriptStep[] {
  const trimmed = text.trim();
  if (trimmed.startsWith("[")) return ScriptSchema.parse(JSON.parse(trimmed));
  return trimmed.split("\n").filter((line) => line.trim()).map((line, i) => {
    const parsed = ScriptStepSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`script line ${i + 1}: ${parsed.error.issues[0].message}`);
    return parsed.data;
  });
}

/** Every fader swept 0 → 1 in ten steps, 40 ms apart. */
export function defaultSweep(faders: number): ScriptStep[] {
  const steps: ScriptStep[] = [];
  for (let chan = 0; chan < faders; chan++) {
    for (let i = 0; i <= 10; i++) {
      steps.push({ at_ms: (chan * 11 + i) * 40, event: "FADER_MOVE", chan, pos: i / 10 });
    }
  }
  return steps;
}

export interface SimulatorOptions {
  connect?: HostPort;
  serialDevice?: { path: string; baud: number };
  serial: string | null;
  model: string | null;
  firmware?: string;
  protocolVersion?: string;
  faders: number;
  features?: string[];
  script: ScriptStep[];
  logger?: Logger;
  timing?: Pick<OcpLinkOptions, "heartbeatIntervalMs" | "missedHeartbeats" | "handshakeTimeoutMs">;
}

export interface SimulatedAccessory {
  link: OcpLink;
  /** Fader positions, moved by the script and by `SET_FADER_POS`. */
  faders: number[];
  /** The controller's answer to our HELLO, once the handshake is over. */
  connected: Promise<HelloAckPayload>;
  /** Resolves when the script has played (or at once when there is none). */
  scriptDone: Promise<void>;
  /** Resolves with the reason when the link closes. */
  closed: Promise<string>;
  close(): void;
}

export async function startSimulatedAccessory(options: SimulatorOptions): Promise<SimulatedAccessory> {
  const faders = new Array<number>(options.faders).fill(0);
  const features = options.features ?? ["faders", "motorized_faders", "buttons", "msgpack"];
  const timers: ReturnType<typeof setTimeout>[] = [];
  let onConnected!: (ack: HelloAckPayload) => void;
  let onClosed!: (reason: string) => void;
  let onScriptDone!: () => void;
  const connected = new Promise<HelloAckPayload>((resolve) => (onConnected = resolve));
  const closed = new Promise<string>((resolve) => (onClosed = resolve));
  const scriptDone = new Promise<void>((resolve) => (onScriptDone = resolve));

  const playScript = () => {
    if (options.script.length === 0) return onScriptDone();
    let remaining = options.script.length;
    for (const { at_ms, ...event } of options.script) {
      timers.push(setTimeout(() => {
        if (event.event === "FADER_MOVE" && event.chan < faders.length) faders[event.chan] = event.pos;
        link.sendEvent(event);
        if (--remaining === 0) onScriptDone();
      }, at_ms));
    }
  };

  const link: OcpLink = new OcpLink({
    ...options.timing,
    identity: {
      role: "accessory",
      ...(options.serial ? { serial: options.serial } : {}),
      ...(options.model ? { model: options.model } : {}),
      firmware: options.firmware ?? "1.0.0",
      protocolVersion: options.protocolVersion ?? OCP_PROTOCOL_VERSION,
      features,
    },
    peerRole: "controller",
    logger: options.logger,
    answerHello: () => ({
      accepted: true,
      compatibility: "FULL",
      warnings: [],
      server_time: new Date().toISOString(),
    }),
    onCommand: (command) => {
      if (command.chan >= faders.length) {
        return { ok: false, error: ocpError("INVALID_MESSAGE", `no fader ${command.chan}`) };
      }
      faders[command.chan] = command.pos;
      return { ok: true };
    },
    onRequest: (request) =>
      request.req === "GET_FIRMWARE"
        ? { firmware_version: options.firmware ?? "1.0.0", model_number: options.model }
        : { faders: [...faders] },
    onConnected: (l) => {
      onConnected(l.receivedAck!);
      playScript();
    },
    onClosed: (reason) => {
      for (const timer of timers) clearTimeout(timer);
      onScriptDone();
      onClosed(reason);
    },
  });

  link.beginConnect();
  if (options.connect) {
    const { transport } = await dialTcp(options.connect, link);
    link.attach(transport);
  } else if (options.serialDevice) {
    const { transport } = await openSerialPort({
      ...options.serialDevice,
      onData: (chunk) => link.receive(chunk),
      onClose: () => link.transportClosed(),
    });
    link.attach(transport);
  } else {
    throw new Error("simulate-accessory needs --connect HOST:PORT or --device PATH");
  }

  return { link, faders, connected, scriptDone, closed, close: () => link.close("simulator stopped") };
}
