import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatTime } from "./format.ts";

describe("formatTime", () => {
  const moment = new Date("2026-12-01T20:21:05.123Z");

  it("writes the minute in UTC by default", () => {
    assert.equal(formatTime(moment), "2026-12-01 20:21 UTC");
  });

  it("adds the seconds when asked", () => {
    assert.equal(formatTime(moment, "second"), "2026-12-01 20:21:05 UTC");
  });

  it("writes UTC whatever the offset the date was made with", () => {
    assert.equal(formatTime(new Date("2026-12-02T00:30:00+02:00")), "2026-12-01 22:30 UTC");
  });
});
