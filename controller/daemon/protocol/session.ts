/**
 * @module
 * What the command handler needs from a connection, whatever its transport.
 */
import type { ChangeObserver, Property, TreeNode } from "../tree/property.ts";
import type { Reply } from "./reply.ts";

export interface ProtocolSession extends ChangeObserver {
  /** True once `post command_format … 2` switched this connection's replies to UBJSON. */
  binary: boolean;
  send(reply: Reply): void;
  /** Idempotent: a second subscribe of the same target does not double notifications. */
  subscribe(target: TreeNode | Property): void;
  unsubscribe(target: TreeNode | Property): void;
  /** What the client told about itself (`{"path":"networkID","data":…}`). */
  readonly identity: Map<string, unknown>;
}
