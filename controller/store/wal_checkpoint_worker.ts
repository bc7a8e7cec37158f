/**
 * @module
 * The store's WAL checkpoints, in a Worker with its own connection: a checkpoint copies the log into the
 * database file and fsyncs it, which can take tens of milliseconds on a busy SD card. On the main thread
 * that stall would hold up audio rendering and the 30 Hz status tick; here it only holds up this Worker.
 * Messages: `{type: "start", file, intervalMs}` → `{type: "started"}`; `{type: "stop"}` → `{type: "stopped"}`.
 */
import { Database } from "bun:sqlite";

declare const self: Worker;

let db: Database | null = null;
let timer: ReturnType<typeof setInterval> | undefined;

function checkpoint(): void {
  try {
    db?.exec("PRAGMA wal_checkpoint(PASSIVE)");
  } catch {
    // A busy database is checkpointed next time round; the main connection never waits for this one.
  }
}

self.onmessage = (event: MessageEvent) => {
  const message = event.data as { type: "start"; file: string; intervalMs: number } | { type: "stop" };
  if (message.type === "start") {
    db = new Database(message.file);
    db.exec("PRAGMA busy_timeout = 1000");
    timer = setInterval(checkpoint, message.intervalMs);
    self.postMessage({ type: "started" });
    return;
  }
  clearInterval(timer);
  checkpoint();
  db?.close();
  db = null;
  self.postMessage({ type: "stopped" });
};

self.postMessage({ type: "ready" });
