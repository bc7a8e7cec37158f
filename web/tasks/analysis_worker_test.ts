import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, migrateDb, openDb } from "../db/client.ts";
import { fsStorage } from "../storage/fs_storage.ts";
import { settleNativeDatabase } from "../testing/native_database.ts";
import { writeTrack } from "../../shared/analysis/testing/files.ts";
import { synthTrack } from "../../shared/analysis/testing/synth.ts";
import { analysisOf, analysisStatus, enqueueTrackAnalysis } from "../features/analysis/mod.ts";
import { insertTrack, insertUser } from "../features/analysis/testing/tracks.ts";

const root = new URL("../../", import.meta.url).pathname;
const worker = (env: Record<string, string>, stderr: "inherit" | "piped" = "inherit") =>
  new Deno.Command(join(root, "node_modules/.bin/deno"), {
    args: ["run", "-A", "web/tasks/analysis_worker.ts"],
    cwd: root,
    env,
    stdout: "null",
    stderr,
  });

describe("deno task worker", () => {
  let dir: string;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "analysis-task-"));
    db = await openDb(`file:${join(dir, "mixera.db")}`);
    await migrateDb(db);
    await insertUser(db, "dj");
    const wav = writeTrack(
      synthTrack({ bpm: 100, key: { tonic: 2, mode: "minor" }, seconds: 8 }),
      join(dir, "t"),
      "wav",
    );
    await fsStorage(join(dir, "files")).put("cloud/dj/t1", new Uint8Array(readFileSync(wav)));
  });
  after(async () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });

  it("analyses the queue from a process of its own and stops on SIGTERM", async () => {
    await enqueueTrackAnalysis(db, await insertTrack(db, "dj", "t1"));
    // Deno.Command rather than node:child_process, whose exit event reports the signal sent even when
    // the child handled it and exited 0.
    const child = worker({
      LIBSQL_URL: `file:${join(dir, "mixera.db")}`,
      DATA_DIR: dir,
      MIXERA_ENV: "test",
      ANALYSIS_CONCURRENCY: "2",
    })
      .spawn();
    try {
      const deadline = Date.now() + 90_000;
      while ((await analysisStatus(db, "t1")).state !== "done") {
        assert.ok(Date.now() < deadline, "the worker process finished the job in time");
        assert.notEqual((await analysisStatus(db, "t1")).state, "failed");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      child.kill("SIGTERM");
    }
    assert.equal((await child.status).code, 0);
    const analysis = await analysisOf(db, "t1");
    assert.ok(Math.abs(analysis!.bpm! - 100) < 0.5, `bpm ${analysis?.bpm}`);
    assert.equal(analysis!.keyName, "Dm");
  });

  it("refuses a bad ANALYSIS_CONCURRENCY with exit code 2", async () => {
    const { code, stderr } = await worker({
      LIBSQL_URL: `file:${join(dir, "other.db")}`,
      DATA_DIR: dir,
      ANALYSIS_CONCURRENCY: "lots",
    }, "piped")
      .output();
    assert.equal(code, 2);
    assert.match(new TextDecoder().decode(stderr), /ANALYSIS_CONCURRENCY/);
  });
});
