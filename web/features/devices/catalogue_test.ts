import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { findModel, MODELS, warranty } from "./catalogue.ts";

describe("model catalogue", () => {
  it("holds the seed's CTRL one with a 24-month warranty and its resources", () => {
    const model = findModel("MXR-CTRL-ONE")!;
    assert.equal(model.warrantyMonths, 24);
    assert.ok(model.manuals.length > 0 && model.parts.length > 0);
    assert.equal(new Set(MODELS.map((m) => m.modelNumber)).size, MODELS.length, "model numbers are unique");
  });

  it("counts warranty in calendar months and says when it expired", () => {
    assert.deepEqual(warranty("2025-01-22", 24, new Date("2026-06-01")), {
      until: "2027-01-22",
      expired: false,
    });
    assert.deepEqual(warranty("2024-02-29", 12, new Date("2026-06-01")), {
      until: "2025-02-28",
      expired: true,
    });
    assert.equal(warranty("2025-08-31", 6, new Date("2025-09-01")).until, "2026-02-28");
  });
});
