import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { boundedQueue, QueueFullError } from "./bounded_queue.ts";

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("boundedQueue", () => {
  it("runs at most `concurrency` tasks, queues `maxWaiting`, and refuses the rest at once", async () => {
    const queue = boundedQueue({ work: "tests", concurrency: 2, maxWaiting: 1, retryAfterSec: 7 });
    const blocker = gate();
    const started: number[] = [];
    const tasks = [0, 1, 2].map((n) =>
      queue.run(async () => {
        started.push(n);
        await blocker.opened;
        return n;
      })
    );
    await Promise.resolve();
    assert.deepEqual(started, [0, 1]);
    assert.equal(queue.running, 2);
    assert.equal(queue.waiting, 1);
    await assert.rejects(queue.run(() => Promise.resolve(9)), (error: unknown) => {
      assert.ok(error instanceof QueueFullError);
      assert.equal(error.retryAfterSec, 7);
      return true;
    });
    blocker.open();
    assert.deepEqual(await Promise.all(tasks), [0, 1, 2]);
    assert.deepEqual(started, [0, 1, 2]);
    assert.equal(queue.running, 0);
    assert.equal(await queue.run(() => Promise.resolve("free again")), "free again");
  });

  it("frees the slot of a task that fails", async () => {
    const queue = boundedQueue({ work: "tests", concurrency: 1, maxWaiting: 0 });
    await assert.rejects(queue.run(() => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(await queue.run(() => Promise.resolve(1)), 1);
  });
});
