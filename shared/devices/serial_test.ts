import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isValidSerial, serialProblem } from "./serial.ts";

describe("serial numbers", () => {
  it("accepts the seed's format with a real date", () => {
    assert.equal(isValidSerial("MXR-20250122-000001"), true);
    assert.equal(isValidSerial("MXR-20240229-123456"), true, "leap day");
  });

  it("refuses impossible dates and other shapes", () => {
    for (
      const bad of [
        "MXR-20250230-000001",
        "MXR-20251301-000001",
        "MXR-20230229-000001",
        "MXR-19991231-000001",
      ]
    ) {
      assert.match(serialProblem(bad)!, /calendar day/, bad);
    }
    for (
      const bad of [
        "mxr-20250122-000001",
        "MXR-2025012-000001",
        "MXR-20250122-00001",
        "MXR-20250122-0000011",
        "",
      ]
    ) {
      assert.match(serialProblem(bad)!, /MXR-YYYYMMDD-XXXXXX/, bad);
    }
  });
});
