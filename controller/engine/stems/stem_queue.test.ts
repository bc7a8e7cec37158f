import { afterAll, describe, expect, it } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnWorker } from "../../audio/spawn_worker.ts";
import { quietLogger, tempDir, writeSignalWav } from "../testing/support.ts";
import { StemCache } from "./stem_cache.ts";
import type { StemEvent } from "./stem_events.ts";
import { StemQueue, type StemQueueOptions } from "./stem_queue.ts";
import { writeScalingModel } from "./testing/onnx_graph.ts";

const dir = tempDir("stem-queue-");
afterAll(() => dir.remove());
const wav = join(dir.path, "track.wav");
writeSignalWav(wav, 44100 * 3);
const copy = join(dir.path, "same-track.wav");
writeSignalWav(copy, 44100 * 3);
const model = join(dir.path, "model.onnx");
writeScalingModel(model, [0.1, 0.2, 0.3, 0.4]);

function setup(options: Partial<StemQueueOptions> = {}, cacheName = "cache") {
  const events: StemEvent[] = [];
  const cache = StemCache.open(join(dir.path, cacheName), 1024 ** 3);
  const queue = new StemQueue({
    cache,
    tier: "simple",
    logger: quietLogger().logger,
    emit: (event) => events.push(event),
    demucsModel: null,
    ...options,
  });
  const finished = (uid: string) =>
    new Promise<StemEvent>((resolve, reject) => {
      const timer = setInterval(() => {
        const event = events.find((e) =>
          (e.event === "stem_done" || e.event === "stem_error") && e.data.uid === uid
        );
        if (event) {
          clearInterval(timer);
          resolve(event);
        }
      }, 10);
      setTimeout(() => (clearInterval(timer), reject(new Error(`no result for ${uid}`))), 30_000);
    });
  return { events, cache, queue, finished };
}

/** Nice values of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNices(): number[] {
  return readdirSync("/proc/self/task").flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      return [Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16])];
    } catch {
      return [];
    }
  });
}

describe("StemQueue with real separation Workers", () => {
  it("separates in a thread running at nice 19", async () => {
    const { events, queue, finished } = setup({ tier: "enhanced" }, "nice");
    try {
      const before = threadNices();
      queue.separate("n1", wav);
      let niceThreads = 0;
      while (!events.some((e) => e.event === "stem_done" || e.event === "stem_error")) {
        niceThreads = Math.max(niceThreads, threadNices().filter((nice) => nice === 19).length);
        await Bun.sleep(5);
      }
      await finished("n1");
      expect(before.filter((nice) => nice === 19)).toEqual([]);
      expect(niceThreads).toBeGreaterThanOrEqual(1);
    } finally {
      queue.close();
    }
  }, 40_000);

  it("separates, reports progress, caches by content and answers the same track at once", async () => {
    const { events, cache, queue, finished } = setup();
    try {
      queue.separate("t1", wav);
      expect(await finished("t1")).toMatchObject({
        data: { uid: "t1", tier: "simple", cached: false, duration_sec: 3 },
      });
      const progress = events.filter((e) => e.event === "stem_progress").map((e) => e.data.percent as number);
      expect(progress.length).toBeGreaterThan(3);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(cache.lookup("t1", "simple")).toMatchObject({ tier: "simple", durationSec: 3 });
      // The same bytes under another name and uid are not separated again.
      queue.separate("t2", copy);
      expect(await finished("t2")).toMatchObject({ data: { uid: "t2", cached: true, duration_sec: 3 } });
      expect(queue.status().jobs.map((j) => [j.uid, j.state, j.percent])).toEqual([["t1", "done", 100], [
        "t2",
        "done",
        100,
      ]]);
      expect(queue.status().cache).toMatchObject({ entries: 1, tracks: 2 });
    } finally {
      queue.close();
    }
  }, 40_000);

  it("runs one job at a time by default", async () => {
    const { events, queue, finished } = setup({ tier: "enhanced" }, "serial");
    try {
      queue.separate("a", wav);
      queue.separate("b", join(dir.path, "missing.wav"));
      queue.separate("b", join(dir.path, "missing.wav"));
      const statesWhileRunning = new Set<string>();
      while (!events.some((e) => e.event === "stem_done")) {
        const [a, b] = queue.status().jobs;
        if (a.state === "running") statesWhileRunning.add(b.state);
        await Bun.sleep(5);
      }
      expect([...statesWhileRunning]).toEqual(["queued"]);
      expect(await finished("b")).toMatchObject({ event: "stem_error" });
      expect(events[0]).toEqual({ event: "stem_queued", data: { uid: "a", tier: "enhanced", position: 0 } });
      expect(events[1]).toEqual({ event: "stem_queued", data: { uid: "b", tier: "enhanced", position: 1 } });
      // The repeat joined the waiting job instead of queueing a second one.
      expect(events[2]).toEqual(events[1]);
      expect(queue.status().jobs.map((j) => j.uid)).toEqual(["a", "b"]);
    } finally {
      queue.close();
    }
  }, 40_000);

  it("reports an unreadable track as stem_error and refuses bad uids and paths", async () => {
    const { queue, finished } = setup({}, "errors");
    try {
      queue.separate("gone", join(dir.path, "nothing-here.wav"));
      const event = await finished("gone");
      expect(event.event).toBe("stem_error");
      expect(event.data).toMatchObject({ uid: "gone", tier: "simple" });
      expect((event.data as { message: string }).message).toContain("nothing-here.wav");
      expect(queue.status().jobs[0]).toMatchObject({ state: "failed" });
      expect(() => queue.separate("../x", wav)).toThrow("uid");
      expect(() => queue.separate("x", "")).toThrow("path");
    } finally {
      queue.close();
    }
  }, 40_000);

  it("runs the demucs tier through onnxruntime with a model the test built", async () => {
    const { cache, queue, finished } = setup({
      tier: "demucs",
      demucsModel: model,
      demucsSegmentFrames: 50_000,
    }, "demucs");
    try {
      queue.separate("d1", wav);
      expect(await finished("d1")).toMatchObject({
        event: "stem_done",
        data: { tier: "demucs", cached: false },
      });
      expect(cache.lookup("d1", "demucs")?.tier).toBe("demucs");
    } finally {
      queue.close();
    }
  }, 40_000);
});

describe("demucs_check", () => {
  it("says exactly what is missing", async () => {
    const noModel = setup({}, "check1").queue;
    const report = await noModel.demucsCheck();
    expect(report.available).toBe(false);
    expect(report.runtime.version).toBe("1.30.0");
    expect(report.missing).toEqual([
      "no HTDemucs ONNX model is configured (set stems.demucsModel to its path)",
    ]);

    const missingFile = await setup({ demucsModel: join(dir.path, "htdemucs.onnx") }, "check2").queue
      .demucsCheck();
    expect(missingFile.missing).toEqual([`the model file ${join(dir.path, "htdemucs.onnx")} does not exist`]);

    const noRuntime = await setup(
      { demucsModel: model, runtimePackage: "onnxruntime-node-not-installed" },
      "check3",
    )
      .queue.demucsCheck();
    expect(noRuntime.available).toBe(false);
    expect(noRuntime.missing[0]).toContain(
      "the onnxruntime-node-not-installed npm package cannot be loaded here",
    );

    const broken = join(dir.path, "broken.onnx");
    await Bun.write(broken, "not a model");
    const unreadable = await setup({ demucsModel: broken }, "check4").queue.demucsCheck();
    expect(unreadable.missing[0]).toContain("cannot be opened by onnxruntime");
  }, 40_000);

  it("reports a usable model with its interface, once for checks asked at the same time", async () => {
    let spawned = 0;
    const { queue } = setup({ demucsModel: model }, "check5");
    const counting = setup({
      demucsModel: model,
      spawn: () => (spawned++, spawnWorker("engine/stems/stem_worker.ts")),
    }, "check6").queue;
    const [first, second] = await Promise.all([counting.demucsCheck(), counting.demucsCheck()]);
    expect(second).toBe(first);
    expect(spawned).toBe(1);
    const report = await queue.demucsCheck();
    expect(report).toMatchObject({
      available: true,
      missing: [],
      model: { inputs: ["mix"], outputs: ["stems"], segment_frames: 343_980, error: null },
    });
  }, 40_000);
});
