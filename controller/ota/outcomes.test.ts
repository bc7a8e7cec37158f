import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FirmwareOutcomeReport } from "../../shared/ota/mod.ts";
import {
  flushOutcomes,
  MAX_QUEUED_OUTCOMES,
  queuedOutcomes,
  queueOutcome,
  withdrawOutcome,
} from "./outcomes.ts";
import { slotLayout } from "./slots.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function layout() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-outcomes-"));
  dirs.push(dir);
  return slotLayout(dir);
}
const installed = (version: string): FirmwareOutcomeReport => ({
  outcome: "installed",
  version,
  previous_version: "1.0.0",
});

describe("queued outcomes", () => {
  test("one file per version and outcome: deciding twice reports once; a withdrawn one is gone", () => {
    const l = layout();
    queueOutcome(l, installed("1.1.0"));
    queueOutcome(l, installed("1.1.0"));
    queueOutcome(l, {
      outcome: "rolled_back",
      version: "1.2.0",
      previous_version: "1.1.0",
      reason: "exited",
    });
    expect(queuedOutcomes(l).map((q) => `${q.report.outcome} ${q.report.version}`)).toEqual([
      "installed 1.1.0",
      "rolled_back 1.2.0",
    ]);
    withdrawOutcome(l, "1.1.0", "installed");
    expect(queuedOutcomes(l).map((q) => q.report.version)).toEqual(["1.2.0"]);
  });

  test("drops damaged files and keeps at most the newest MAX_QUEUED_OUTCOMES", async () => {
    const l = layout();
    queueOutcome(l, installed("1.0.1"));
    writeFileSync(join(l.outcomesDir, "junk.json"), "{not json");
    expect(queuedOutcomes(l).map((q) => q.report.version)).toEqual(["1.0.1"]);
    for (let i = 2; i <= MAX_QUEUED_OUTCOMES + 5; i++) {
      queueOutcome(l, installed(`1.0.${i}`));
      await Bun.sleep(2);
    }
    const versions = queuedOutcomes(l).map((q) => q.report.version);
    expect(versions).toHaveLength(MAX_QUEUED_OUTCOMES);
    expect(versions.at(-1)).toBe(`1.0.${MAX_QUEUED_OUTCOMES + 5}`);
    expect(versions).not.toContain("1.0.1");
  });

  test("flushing stops at the first report the portal did not take, oldest first", async () => {
    const l = layout();
    for (const version of ["1.0.1", "1.0.2", "1.0.3"]) {
      queueOutcome(l, installed(version));
      await Bun.sleep(2);
    }
    const sent: string[] = [];
    expect(
      await flushOutcomes(l, (report) => {
        sent.push(report.version);
        return Promise.resolve(report.version !== "1.0.2");
      }),
    ).toBe(1);
    expect(sent).toEqual(["1.0.1", "1.0.2"]);
    expect(queuedOutcomes(l).map((q) => q.report.version)).toEqual(["1.0.2", "1.0.3"]);
  });
});
