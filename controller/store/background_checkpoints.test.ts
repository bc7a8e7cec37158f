import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryLogger } from "../log/logger.ts";
import { startBackgroundCheckpoints } from "./background_checkpoints.ts";
import { ControllerStore } from "./store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshStore(): ControllerStore {
  const dir = mkdtempSync(join(tmpdir(), "mixera-checkpoints-"));
  dirs.push(dir);
  return new ControllerStore(dir);
}

/** Many small commits, as telemetry makes them, with pauses for the Worker to checkpoint in. */
async function writeMany(store: ControllerStore): Promise<void> {
  const insert = store.db.query("INSERT INTO cache_entries (key, value, updated_at) VALUES (?, ?, ?)");
  for (let round = 0; round < 20; round++) {
    for (let n = 0; n < 100; n++) insert.run(`k${round}-${n}`, "x".repeat(200), "now");
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

const walBytes = (store: ControllerStore) => statSync(`${store.file}-wal`).size;
const autocheckpoint = (store: ControllerStore) =>
  store.db.query<{ wal_autocheckpoint: number }, []>("PRAGMA wal_autocheckpoint").get()!.wal_autocheckpoint;

describe("background WAL checkpoints", () => {
  test("a Worker keeps the log short while the main connection no longer checkpoints", async () => {
    const { logger } = createMemoryLogger();
    const control = freshStore();
    control.db.exec("PRAGMA wal_autocheckpoint = 0");
    await writeMany(control);
    const store = freshStore();
    const checkpoints = await startBackgroundCheckpoints(store, logger, 10);
    expect(autocheckpoint(store)).toBe(0);
    await writeMany(store);
    // Without checkpoints the log holds every commit; with them it is reused from the start.
    expect(walBytes(store) * 4).toBeLessThan(walBytes(control));
    await checkpoints.stop();
    expect(autocheckpoint(store)).toBe(1000);
    expect(store.db.query("SELECT COUNT(*) AS n FROM cache_entries").get()).toEqual({ n: 2000 });
    store.close();
    control.close();
  }, 30_000);
});
