/**
 * @module
 * The controller's commands: run (default), version, provision, accessories list|trust|forget,
 * simulate-accessory. Each parses its own flags, prints its own help and returns an exit code.
 */
import { readFileSync } from "node:fs";
import { OCP_PROTOCOL_VERSION } from "../../shared/ocp/mod.ts";
import type { ControllerConfig } from "../config/schema.ts";
import { Logger, stderrSink, textSink } from "../log/logger.ts";
import { defaultSweep, parseScript, type ScriptStep, startSimulatedAccessory } from "../ocp/simulator.ts";
import { startController } from "../run.ts";
import { AlreadyProvisionedError, DEFAULT_MODEL, provisionDevice } from "../store/identity.ts";
import { ControllerStore } from "../store/store.ts";
import { type CliIo, EXIT, UsageError } from "./io.ts";
import { COMMON_HELP, configFrom, parseCommandLine, type ParsedCommandLine } from "./options.ts";
import { CONTROLLER_VERSION } from "../version.ts";
import { link, rotateKey, status } from "./cloud_commands.ts";
import type { Command } from "./command.ts";
import { superviseCommand, update } from "./update_commands.ts";

function withConfig(parsed: ParsedCommandLine, io: CliIo): ControllerConfig | number {
  const result = configFrom(parsed, io);
  if (result.ok) return result.config;
  io.err(`mixera-controller: ${result.message}`);
  return EXIT.USAGE;
}

function helpRequested(parsed: ParsedCommandLine, command: Command, io: CliIo): boolean {
  if (!parsed.values.help) return false;
  for (const line of [...command.usage, "", ...COMMON_HELP]) io.out(line);
  return true;
}

const run: Command = {
  name: "run",
  summary: "start the controller services (default command)",
  usage: [
    "Usage: mixera-controller run [options]",
    "",
    "Starts the OCP accessory link and the other services; stops on SIGINT/SIGTERM.",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args);
    if (helpRequested(parsed, this, io)) return EXIT.OK;
    const config = withConfig(parsed, io);
    if (typeof config === "number") return config;
    const logger = new Logger({
      level: config.log.level,
      disabled: config.log.disabled,
      sink: config.log.format === "text" ? textSink() : stderrSink,
    });
    let controller;
    try {
      controller = await startController(config, logger);
    } catch (error) {
      io.err(`mixera-controller: ${(error as Error).message}`);
      return EXIT.FAILED;
    }
    const identity = controller.context.identity;
    io.out(
      `mixera-controller ${CONTROLLER_VERSION} (${
        identity ? identity.serial : "not provisioned"
      }) listening on:`,
    );
    for (const endpoint of controller.services.flatMap((s) => s.endpoints)) io.out(`  ${endpoint}`);
    io.out(`data directory: ${config.dataDir}`);
    const signal = await io.shutdownSignal();
    logger.info("ocp", "shutting down", { signal });
    await controller.stop();
    return EXIT.OK;
  },
};

const version: Command = {
  name: "version",
  summary: "print the version",
  usage: ["Usage: mixera-controller version"],
  run(args, io) {
    const parsed = parseCommandLine(args);
    if (helpRequested(parsed, this, io)) return Promise.resolve(EXIT.OK);
    io.out(
      `mixera-controller ${CONTROLLER_VERSION} (OCP protocol ${OCP_PROTOCOL_VERSION}, bun ${Bun.version})`,
    );
    return Promise.resolve(EXIT.OK);
  },
};

const provision: Command = {
  name: "provision",
  summary: "create the device identity (serial, model, firmware, Ed25519 key pair)",
  usage: [
    "Usage: mixera-controller provision [--model MODEL] [--serial MXR-YYYYMMDD-XXXXXX] [--force]",
    "",
    "Creates the device identity in the data directory and prints the public key for factory registration.",
    "The private key is stored with owner-only permissions. --force replaces an existing identity.",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args, {
      model: { type: "string" },
      serial: { type: "string" },
      force: { type: "boolean" },
    });
    if (helpRequested(parsed, this, io)) return EXIT.OK;
    const config = withConfig(parsed, io);
    if (typeof config === "number") return config;
    const store = new ControllerStore(config.dataDir);
    try {
      const identity = await provisionDevice(store, {
        firmware: CONTROLLER_VERSION,
        model: parsed.values.model as string | undefined ?? DEFAULT_MODEL,
        serial: parsed.values.serial as string | undefined,
        force: parsed.values.force === true,
      });
      io.out(`serial_number: ${identity.serial}`);
      io.out(`model_number: ${identity.model}`);
      io.out(`firmware_version: ${identity.firmware}`);
      io.out(`private_key: ${identity.privateKeyPath} (mode 0600)`);
      io.out(`public_key (Ed25519, base64): ${identity.publicKey}`);
      return EXIT.OK;
    } catch (error) {
      io.err(`mixera-controller: ${(error as Error).message}`);
      return error instanceof AlreadyProvisionedError ? EXIT.FAILED : EXIT.USAGE;
    } finally {
      store.close();
    }
  },
};

const accessories: Command = {
  name: "accessories",
  summary: "list, trust or forget accessories",
  usage: [
    "Usage: mixera-controller accessories list",
    "       mixera-controller accessories trust <serial>",
    "       mixera-controller accessories forget <serial>",
    "",
    "trust adds an unverified accessory to the local whitelist (critical features such as motorised",
    "faders become available at its next handshake); the decision is written to the consent log.",
  ],
  run(args, io) {
    const parsed = parseCommandLine(args, { json: { type: "boolean" } });
    if (helpRequested(parsed, this, io)) return Promise.resolve(EXIT.OK);
    const [action, serial, ...rest] = parsed.positionals;
    if (!["list", "trust", "forget"].includes(action ?? "") || rest.length > 0) {
      throw new UsageError("accessories needs list, trust <serial> or forget <serial>");
    }
    if (action !== "list" && !serial) throw new UsageError(`accessories ${action} needs a serial number`);
    const config = withConfig(parsed, io);
    if (typeof config === "number") return Promise.resolve(config);
    const store = new ControllerStore(config.dataDir);
    try {
      if (action === "trust") {
        store.trustAccessory(serial, "accessories trust (cli)");
        io.out(`trusted ${serial} (recorded in the consent log)`);
      } else if (action === "forget") {
        const removed = store.forgetAccessory(serial, "accessories forget (cli)");
        io.out(removed ? `forgot ${serial}` : `${serial} was not trusted`);
      } else {
        const list = store.listAccessories();
        if (parsed.values.json) io.out(JSON.stringify(list));
        else if (list.length === 0) io.out("no accessories seen or trusted yet");
        else {
          io.out(["SERIAL", "MODEL", "FIRMWARE", "COMPAT", "TRUSTED", "WARNINGS", "LAST SEEN"].join("\t"));
          for (const a of list) {
            io.out(
              [
                a.serial,
                a.model ?? "-",
                a.firmware || "-",
                a.compatibility || "-",
                a.trusted ? "yes" : "no",
                a.warnings.join(",") || "-",
                a.lastSeen || "-",
              ].join("\t"),
            );
          }
        }
      }
      return Promise.resolve(EXIT.OK);
    } finally {
      store.close();
    }
  },
};

function parseHostPort(value: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(value);
  if (!match || Number(match[2]) > 65535) throw new UsageError(`expected HOST:PORT, got ${value}`);
  return { host: match[1], port: Number(match[2]) };
}

const simulateAccessory: Command = {
  name: "simulate-accessory",
  summary: "run a simulated fader board that connects to a controller",
  usage: [
    "Usage: mixera-controller simulate-accessory --connect HOST:PORT | --device PATH [options]",
    "",
    "  --connect HOST:PORT    dial the controller's accessory port (e.g. 127.0.0.1:5560)",
    "  --device PATH          use a serial device instead (e.g. one end of a socat pty pair)",
    "  --baud N               serial speed (default 115200)",
    "  --serial S             serial number to announce (default MXR-20250701-000001)",
    "  --no-serial            announce no serial number (W001)",
    "  --model M              model number (default MXR-FADER-4)",
    "  --firmware V           firmware version (default 1.0.0)",
    "  --faders N             number of faders (default 4)",
    "  --script FILE          fader moves to play: JSON array or lines of {at_ms, event, ...}",
    "  --exit-after-script    disconnect once the script has played",
    "  --no-msgpack           do not offer MsgPack",
  ],
  async run(args, io) {
    const parsed = parseCommandLine(args, {
      connect: { type: "string" },
      device: { type: "string" },
      baud: { type: "string" },
      serial: { type: "string" },
      "no-serial": { type: "boolean" },
      model: { type: "string" },
      firmware: { type: "string" },
      faders: { type: "string" },
      script: { type: "string" },
      "exit-after-script": { type: "boolean" },
      "no-msgpack": { type: "boolean" },
    });
    if (helpRequested(parsed, this, io)) return EXIT.OK;
    const v = parsed.values as Record<string, string | undefined>;
    const faders = Number(v.faders ?? 4);
    if (!Number.isInteger(faders) || faders < 1 || faders > 64) {
      throw new UsageError("--faders must be 1..64");
    }
    if (!v.connect && !v.device) {
      throw new UsageError("simulate-accessory needs --connect HOST:PORT or --device PATH");
    }
    let script: ScriptStep[];
    try {
      script = v.script ? parseScript(readFileSync(v.script, "utf8")) : defaultSweep(faders);
    } catch (error) {
      throw new UsageError(`bad --script: ${(error as Error).message}`);
    }
    const logger = new Logger({ level: "warn" });
    const features = [
      "faders",
      "motorized_faders",
      "buttons",
      ...(parsed.values["no-msgpack"] ? [] : ["msgpack"]),
    ];
    let sim;
    try {
      sim = await startSimulatedAccessory({
        connect: v.connect ? parseHostPort(v.connect) : undefined,
        serialDevice: v.device ? { path: v.device, baud: Number(v.baud ?? 115200) } : undefined,
        serial: parsed.values["no-serial"] ? null : v.serial ?? "MXR-20250701-000001",
        model: v.model ?? "MXR-FADER-4",
        firmware: v.firmware ?? "1.0.0",
        faders,
        features,
        script,
        logger,
      });
    } catch (error) {
      io.err(`simulate-accessory: cannot reach the controller: ${(error as Error).message}`);
      return EXIT.FAILED;
    }
    const outcome = await Promise.race([
      sim.connected.then((ack) => ({ ack })),
      sim.closed.then((reason) => ({ reason })),
    ]);
    if ("reason" in outcome) {
      io.err(`simulate-accessory: handshake failed: ${outcome.reason}`);
      return EXIT.FAILED;
    }
    const { ack } = outcome;
    io.out(
      `connected via ${sim.link.description}: ${ack.compatibility}, warnings: ${
        ack.warnings.map((w) => w.code).join(",") || "none"
      }, codec ${sim.link.codecName}`,
    );
    const done = parsed.values["exit-after-script"]
      ? sim.scriptDone.then(() => "script done")
      : new Promise<string>(() => {});
    const reason = await Promise.race([done, sim.closed, io.shutdownSignal()]);
    sim.close();
    io.out(`simulate-accessory stopped: ${reason}; faders ${sim.faders.map((p) => p.toFixed(2)).join(" ")}`);
    return EXIT.OK;
  },
};

export const COMMANDS: Command[] = [
  run,
  version,
  provision,
  accessories,
  simulateAccessory,
  link,
  status,
  rotateKey,
  update,
  superviseCommand,
];
