/**
 * @module
 * Handling: a parsed command → effects on the tree and replies to the session. Shared by TCP 4710,
 * TCP 4720 and WebSocket 4721.
 */
import type { Logger } from "../../log/logger.ts";
import { normalisePath } from "../tree/path.ts";
import type { Property } from "../tree/property.ts";
import type { NodeRenderOptions, Resolved, StateTree } from "../tree/state_tree.ts";
import { newChallenge } from "./challenge.ts";
import type { Command, Parsed } from "./command.ts";
import { echoedParameters, type Reply } from "./reply.ts";
import type { ProtocolSession } from "./session.ts";

/** Ids a client can read back; stable for the process lifetime. */
export interface DaemonIds {
  networkId: string;
  processId: string;
}

export function newHexId(): string {
  return crypto.randomUUID().replaceAll("-", "");
}

const KNOWN_VERBS = new Set(["get", "set", "subscribe", "unsubscribe", "post"]);

function renderOptions(command: Command): NodeRenderOptions {
  const propfilter = command.params.get("propfilter");
  const fields = propfilter
    ? new Set(propfilter.split(",").map((f) => f.trim()).filter((f) => f.length > 0))
    : null;
  return {
    recursive: command.params.get("recursive") === "1",
    fields: fields && fields.size > 0 ? fields : null,
    flat: command.params.get("flatvalue") === "1",
  };
}

export class CommandHandler {
  constructor(
    private readonly tree: StateTree,
    private readonly ids: DaemonIds,
    private readonly logger: Logger,
  ) {}

  /** Handles whatever a message parsed into; never throws. */
  handle(session: ProtocolSession, parsed: Parsed): void {
    try {
      switch (parsed.kind) {
        case "empty":
          return;
        case "identify":
          session.identity.set(parsed.key, parsed.data);
          return;
        case "error":
          session.send({
            path: parsed.path,
            error: parsed.error,
            parameters: echoedParameters(parsed.params),
          });
          return;
        case "command":
          this.#dispatch(session, parsed.command);
      }
    } catch (error) {
      // A bug must cost one reply, never the connection or the process.
      this.logger.error("daemon", "command failed", { error: String(error) });
      const path = parsed.kind === "command" ? parsed.command.path : "";
      session.send({ path, error: "Internal error." });
    }
  }

  #dispatch(session: ProtocolSession, command: Command): void {
    if (!KNOWN_VERBS.has(command.verb)) {
      this.#error(session, command, `Unknown command "${command.verb.slice(0, 32)}".`);
      return;
    }
    if (command.paths) {
      if (command.verb !== "subscribe" && command.verb !== "unsubscribe" && command.verb !== "get") {
        this.#error(session, command, `A batch is not valid for ${command.verb}.`);
        return;
      }
      for (const path of command.paths) this.#dispatch(session, { ...command, path, paths: undefined });
      return;
    }
    switch (command.verb) {
      case "get":
        return this.#get(session, command);
      case "set":
        return this.#set(session, command);
      case "subscribe":
        return this.#subscribe(session, command);
      case "unsubscribe":
        return this.#unsubscribe(session, command);
      case "post":
        return this.#post(session, command);
    }
  }

  #error(session: ProtocolSession, command: Command, error: string): void {
    session.send({ path: command.path, error, parameters: echoedParameters(command.params) });
  }

  #unresolved(session: ProtocolSession, command: Command): void {
    this.#error(session, command, `Unable to resolve path for ${command.verb}.`);
  }

  /** Paths served by the daemon itself rather than the tree. */
  #virtualValue(path: string): unknown {
    switch (normalisePath(path)) {
      case "/ping":
        return true;
      case "/networkID":
        return this.ids.networkId;
      case "/processID":
        return this.ids.processId;
      default:
        return undefined;
    }
  }

  #get(session: ProtocolSession, command: Command): void {
    const parameters = echoedParameters(command.params);
    const resolved = this.tree.resolve(command.path);
    if (!resolved) {
      const virtual = this.#virtualValue(command.path);
      if (virtual === undefined) return this.#unresolved(session, command);
      return session.send({ path: command.path, data: virtual, parameters });
    }
    session.send(this.#render(session, resolved, command, parameters));
  }

  #render(
    session: ProtocolSession,
    resolved: Resolved,
    command: Command,
    parameters: Record<string, string> | undefined,
  ): Reply {
    switch (resolved.kind) {
      case "value":
        return { path: resolved.property.valuePath, data: resolved.property.value, parameters };
      case "values":
        return { path: `${resolved.property.path}/values`, data: resolved.property.spec.values, parameters };
      case "property": {
        const options = renderOptions(command);
        const property = resolved.property;
        if (options.flat) return { path: property.path, data: property.value, parameters };
        if (options.fields) {
          return { path: property.path, data: property.metadata(options.fields), parameters };
        }
        return session.binary
          ? { path: property.path, data: property.metadata(), parameters }
          : { path: property.path, dataJson: property.metadataJson(), parameters };
      }
      case "node": {
        const options = renderOptions(command);
        return session.binary
          ? { path: resolved.node.path, data: this.tree.nodeObject(resolved.node, options), parameters }
          : { path: resolved.node.path, dataJson: this.tree.nodeJson(resolved.node, options), parameters };
      }
    }
  }

  #propertyOf(command: Command): Property | null {
    const resolved = this.tree.resolve(command.path);
    return resolved?.kind === "property" || resolved?.kind === "value" ? resolved.property : null;
  }

  #set(session: ProtocolSession, command: Command): void {
    const property = this.#propertyOf(command);
    if (!property) return this.#unresolved(session, command);
    if (command.value === undefined) return this.#error(session, command, "Missing value for set.");
    const outcome = this.tree.set(property, command.value);
    if (!outcome.ok) {
      session.send({
        path: property.valuePath,
        error: outcome.error,
        parameters: echoedParameters(command.params),
      });
      return;
    }
    // `set /Sleep false` is the clients' keepalive: accepted silently, or their next read goes astray.
    if (property.path === "/Sleep") return;
    // Subscribers (the setter included) hear about a change; a tagged request also gets its answer.
    const parameters = echoedParameters(command.params);
    if (parameters?.message_id !== undefined) {
      session.send({ path: property.valuePath, data: property.value, parameters });
    }
  }

  #subscribe(session: ProtocolSession, command: Command): void {
    const resolved = this.tree.resolve(command.path);
    if (!resolved) {
      const virtual = this.#virtualValue(command.path);
      if (virtual === undefined) return this.#unresolved(session, command);
      return session.send({
        path: command.path,
        data: virtual,
        parameters: echoedParameters(command.params),
      });
    }
    const parameters = echoedParameters(command.params);
    if (resolved.kind === "node") {
      session.subscribe(resolved.node);
      session.send(this.#render(session, resolved, command, parameters));
      return;
    }
    session.subscribe(resolved.property);
    session.send({ path: resolved.property.valuePath, data: resolved.property.value, parameters });
  }

  #unsubscribe(session: ProtocolSession, command: Command): void {
    const resolved = this.tree.resolve(command.path);
    if (!resolved) {
      if (this.#virtualValue(command.path) !== undefined) return;
      return this.#unresolved(session, command);
    }
    session.unsubscribe(resolved.kind === "node" ? resolved.node : resolved.property);
    const parameters = echoedParameters(command.params);
    if (parameters?.message_id !== undefined) session.send({ path: command.path, data: true, parameters });
  }

  #post(session: ProtocolSession, command: Command): void {
    const parameters = echoedParameters(command.params);
    switch (normalisePath(command.path)) {
      case "/command_format":
        return this.#commandFormat(session, command);
      case "/request_challenge":
        return session.send({ path: command.path, data: newChallenge(), parameters });
      case "/response":
        // Any answer is accepted: see ./challenge.ts for why the daemon does not verify it.
        return session.send({ path: command.path, data: true, parameters });
      default:
        return this.#unresolved(session, command);
    }
  }

  #commandFormat(session: ProtocolSession, command: Command): void {
    const format = String(command.value ?? "").trim();
    if (format !== "1" && format !== "2") {
      return this.#error(session, command, "command_format must be 1 (JSON) or 2 (UBJSON).");
    }
    // The confirmation still goes out in the old format; everything after it in the new one.
    session.send({ path: command.path, data: Number(format), parameters: echoedParameters(command.params) });
    session.binary = format === "2";
  }
}
