import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { budgetRetryAfterSec, spendBatch, spendBytes, TELEMETRY_BUDGET } from "./device_budget.ts";

describe("telemetry budget per device", () => {
  it("allows the minute's bytes and refuses past them until the minute renews", () => {
    const device = `device-${crypto.randomUUID()}`;
    const start = 1_000_000;
    const half = TELEMETRY_BUDGET.bytesPerMinute / 2;
    assert.equal(spendBytes(device, half, start), true);
    assert.equal(spendBytes(device, half, start + 1000), true);
    assert.equal(spendBytes(device, 1, start + 2000), false);
    assert.equal(budgetRetryAfterSec(device, start + 2000), 58);
    assert.equal(spendBytes(device, half, start + 60_000), true, "a new minute");
  });

  it("counts batches and bytes of each device apart", () => {
    const [first, second] = [`device-${crypto.randomUUID()}`, `device-${crypto.randomUUID()}`];
    for (let i = 0; i < TELEMETRY_BUDGET.batchesPerMinute; i++) assert.equal(spendBatch(first, 5_000), true);
    assert.equal(spendBatch(first, 5_000), false);
    assert.equal(spendBatch(second, 5_000), true);
  });
});
