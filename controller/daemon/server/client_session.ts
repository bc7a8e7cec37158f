/**
 * @module
 * The transport-independent half of a connection: subscriptions, the output queue with its bound,
 * and serialisation in the connection's current format (JSON text or UBJS frames). A client whose
 * unread output passes the bound is disconnected and logged; nobody else waits for it.
 */
import type { Logger } from "../../log/logger.ts";
import { encodeUbjson, frameUbjson } from "../../../shared/ubjson/mod.ts";
import { type Reply, replyFrame, replyJson } from "../protocol/reply.ts";
import type { ProtocolSession } from "../protocol/session.ts";
import type { Property, PropertyChange, TreeNode } from "../tree/property.ts";
import type { StateTree } from "../tree/state_tree.ts";
import type { Flushable, FlushScheduler } from "./flush_scheduler.ts";

/** Default per-client output bound. */
/**
 * Default per-client bound on unread output: well above one recursive reply of an Apollo-sized tree
 * (~0.7 MB), small enough that 100 stalled clients cannot hold more than ~200 MB before they go.
 */
export const DEFAULT_MAX_OUTPUT_BYTES = 2 * 1024 * 1024;

export interface SessionContext {
  tree: StateTree;
  scheduler: FlushScheduler;
  logger: Logger;
  maxOutputBytes: number;
}

/** The UBJS frame of a change, encoded once and shared by every binary subscriber. */
function changeFrame(change: PropertyChange): Uint8Array {
  return change.encoded ??= frameUbjson(
    encodeUbjson({ path: change.property.valuePath, data: change.value }),
  );
}

export abstract class ClientSession implements ProtocolSession, Flushable {
  binary = false;
  flushScheduled = false;
  closed = false;
  readonly identity = new Map<string, unknown>();
  protected queue: (string | Uint8Array)[] = [];
  protected queuedBytes = 0;
  #subscriptions = new Map<TreeNode | Property, () => void>();
  #lastSeq = -1;

  constructor(protected readonly context: SessionContext, readonly label: string) {}

  /** Bytes accepted by the transport but not yet sent to the peer. */
  protected abstract unsentBytes(): number;
  /** Closes the transport at once. */
  protected abstract terminate(): void;
  abstract flush(): void;

  send(reply: Reply): void {
    this.#enqueue(this.binary ? replyFrame(reply) : replyJson(reply));
  }

  onChange(change: PropertyChange): void {
    // A session subscribed to both a node and a property below it hears each change once.
    if (change.seq === this.#lastSeq) return;
    this.#lastSeq = change.seq;
    this.#enqueue(this.binary ? changeFrame(change) : change.json);
  }

  #enqueue(item: string | Uint8Array): void {
    if (this.closed) return;
    // Only bytes the peer left unread count against the bound: one busy tick may queue more than the
    // bound for a healthy client, and it is written out at the end of that tick.
    if (this.unsentBytes() > this.context.maxOutputBytes) return this.overflow();
    this.queue.push(item);
    this.queuedBytes += item.length;
    this.context.scheduler.schedule(this);
  }

  /** Disconnects a client that stopped reading; called by transports when their unsent bytes pass the bound. */
  protected overflow(): void {
    this.context.logger.warn("daemon", "client not reading, disconnected", {
      client: this.label,
      unsentBytes: this.unsentBytes(),
      limit: this.context.maxOutputBytes,
    });
    this.close();
  }

  /** Takes everything queued (the transport writes it). */
  protected takeQueue(): (string | Uint8Array)[] {
    const items = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    return items;
  }

  subscribe(target: TreeNode | Property): void {
    if (this.closed || this.#subscriptions.has(target)) return;
    this.#subscriptions.set(target, this.context.tree.observe(target, this));
  }

  unsubscribe(target: TreeNode | Property): void {
    this.#subscriptions.get(target)?.();
    this.#subscriptions.delete(target);
  }

  get subscriptionCount(): number {
    return this.#subscriptions.size;
  }

  /** Detaches from the tree and drops queued output; idempotent. */
  release(): void {
    if (this.closed) return;
    this.closed = true;
    for (const detach of this.#subscriptions.values()) detach();
    this.#subscriptions.clear();
    this.queue = [];
    this.queuedBytes = 0;
  }

  close(): void {
    this.release();
    this.terminate();
  }
}
