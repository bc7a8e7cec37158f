import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FirmwareLatestResponseSchema, FirmwareOutcomeReportSchema } from "./manifest.ts";

describe("firmware outcome reports", () => {
  it("accepts an installed and a rolled-back report", () => {
    assert.equal(
      FirmwareOutcomeReportSchema.safeParse({
        outcome: "installed",
        version: "1.4.0",
        previous_version: "1.3.0",
      })
        .success,
      true,
    );
    const rolledBack = {
      outcome: "rolled_back",
      version: "1.4.0",
      previous_version: "1.3.0",
      reason: "health check failed: port 5555 not listening after 30 s",
    };
    assert.equal(FirmwareOutcomeReportSchema.safeParse(rolledBack).success, true);
  });

  it("requires a reason for a rollback and refuses unknown outcomes and bad versions", () => {
    for (
      const bad of [
        { outcome: "rolled_back", version: "1.4.0", previous_version: "1.3.0" },
        { outcome: "rolled_back", version: "1.4.0", previous_version: "1.3.0", reason: "x".repeat(501) },
        { outcome: "bricked", version: "1.4.0", previous_version: "1.3.0" },
        { outcome: "installed", version: "1.4", previous_version: "1.3.0" },
      ]
    ) {
      assert.equal(FirmwareOutcomeReportSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });
});

describe("latest-release answers", () => {
  it("carries an update or null", () => {
    assert.equal(
      FirmwareLatestResponseSchema.safeParse({ update: null, checked_at: "2026-12-01T12:00:00Z" }).success,
      true,
    );
    assert.equal(
      FirmwareLatestResponseSchema.safeParse({ update: {}, checked_at: "2026-12-01T12:00:00Z" }).success,
      false,
    );
  });
});
