import { expect, test } from "bun:test";
import { createMemoryLogger, Logger, textSink } from "./logger.ts";

test("a disabled category is silent until switched on at runtime", () => {
  const { logger, records } = createMemoryLogger({ disabled: ["analysis"] });
  logger.info("analysis", "bpm found");
  expect(records).toHaveLength(0);
  logger.setCategory("analysis", true);
  logger.info("analysis", "bpm found", { bpm: 128 });
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ level: "info", category: "analysis", msg: "bpm found", bpm: 128 });
});

test("errors pass even when their category is off, and 'all' switches every category", () => {
  const { logger, records } = createMemoryLogger();
  logger.setCategory("all", false);
  logger.info("audio", "quiet");
  logger.error("audio", "underrun storm");
  expect(records.map((r) => r.msg)).toEqual(["underrun storm"]);
});

test("records below the level are dropped", () => {
  const { logger, records } = createMemoryLogger({ level: "warn" });
  logger.info("ocp", "hello");
  logger.warn("ocp", "W002");
  expect(records.map((r) => r.level)).toEqual(["warn"]);
});

test("categories() reports every category's state", () => {
  const { logger } = createMemoryLogger({ disabled: ["effects"] });
  logger.setCategory("daemon", false);
  expect(logger.categories()).toMatchObject({ effects: false, daemon: false, ocp: true, audio: true });
});

test("the text sink writes one readable line per record", () => {
  const lines: string[] = [];
  const logger = new Logger({ sink: textSink((line) => lines.push(line)) });
  logger.warn("ocp", "accessory unverified", { serial: "MXR-20250702-000001", warnings: ["W004"] });
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(
    /^\d\d:\d\d:\d\d\.\d{3} WARN {2}\[ocp\] accessory unverified serial=MXR-20250702-000001 warnings=\["W004"\]\n$/,
  );
});
