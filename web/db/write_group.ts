/**
 * @module
 * Group commit for short write batches. Committing a SQLite transaction costs more than the few rows
 * a request writes (the WAL frames of every touched page, the lock, the checkpoints), so batches handed
 * in during the same turn of the event loop run together as ONE transaction, and each caller gets the
 * results of its own statements once that transaction has committed. Each caller's statements stay
 * atomic and run in the order they arrived, so a statement that checks a row (an UPDATE … WHERE
 * consumed_at IS NULL) sees the writes of the callers before it, exactly as with separate transactions.
 * If the group fails, every member runs again alone, so one bad batch cannot fail the others.
 */
import type { Client, InStatement, ResultSet } from "@libsql/client";
import { setImmediate } from "node:timers";

interface PendingBatch {
  statements: InStatement[];
  resolve: (results: ResultSet[]) => void;
  reject: (error: unknown) => void;
}

class WriteGroup {
  private pending: PendingBatch[] = [];
  private scheduled = false;

  constructor(private readonly client: Client) {}

  batch(statements: InStatement[]): Promise<ResultSet[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ statements, resolve, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // setImmediate runs after the pending I/O of this turn, so every request that arrived with it joins.
      setImmediate(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const group = this.pending;
    this.pending = [];
    this.scheduled = false;
    if (group.length === 1) return this.runAlone(group[0]);
    let results: ResultSet[];
    try {
      results = await this.client.batch(group.flatMap((member) => member.statements), "write");
    } catch {
      for (const member of group) await this.runAlone(member);
      return;
    }
    let offset = 0;
    for (const member of group) {
      member.resolve(results.slice(offset, offset + member.statements.length));
      offset += member.statements.length;
    }
  }

  private async runAlone(member: PendingBatch): Promise<void> {
    try {
      member.resolve(await this.client.batch(member.statements, "write"));
    } catch (error) {
      member.reject(error);
    }
  }
}

const groups = new WeakMap<Client, WriteGroup>();

/**
 * Runs `statements` atomically, like `client.batch(statements, "write")`, possibly in one transaction
 * with other callers' batches of the same event-loop turn. Resolves after the commit.
 */
export function groupedWriteBatch(client: Client, statements: InStatement[]): Promise<ResultSet[]> {
  let group = groups.get(client);
  if (!group) {
    group = new WriteGroup(client);
    groups.set(client, group);
  }
  return group.batch(statements);
}
