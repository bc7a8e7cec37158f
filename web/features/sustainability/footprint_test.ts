import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { carbonFootprint, CLIMATE_DATA, type ClimateData, gridFactorAt, treesFor } from "./footprint.ts";

const climate: ClimateData = {
  gridFactors: [
    { region: "DE", year: 2023, validFrom: "2024-01-01", kgCo2PerKwh: 0.4, source: "test" },
    { region: "DE", year: 2024, validFrom: "2025-01-01", kgCo2PerKwh: 0.3, source: "test" },
  ],
  treePolicy: {
    validFrom: "2024-01-01",
    kwhPerTree: 100,
    kgCo2AbsorbedPerTreePerYear: 22,
    treesPerForest: 10,
    partner: "One Tree Planted",
  },
};

describe("carbonFootprint", () => {
  it("plants one tree per full 100 kWh, ≈ 22 kg CO₂ each per year", () => {
    assert.equal(treesFor(99.9), 0);
    assert.equal(treesFor(100), 1);
    const footprint = carbonFootprint(
      [{ day: "2025-03-01", energyWh: 250_000 }],
      new Date("2025-03-02"),
      climate,
    );
    assert.equal(footprint.trees, 2);
    assert.equal(footprint.co2AbsorbedKgPerYear, 44);
    assert.equal(footprint.kwhToNextTree, 50);
    assert.equal(footprint.nextTreePercent, 50);
  });

  it("prices each day's energy at the grid factor in force that day", () => {
    const footprint = carbonFootprint(
      [
        { day: "2024-06-01", energyWh: 10_000 },
        { day: "2025-06-01", energyWh: 10_000 },
      ],
      new Date("2025-07-01"),
      climate,
    );
    assert.equal(footprint.kwh, 20);
    assert.equal(footprint.co2Kg, 7);
    assert.equal(footprint.gridFactor.year, 2024);
  });

  it("is all zeros without energy, with a whole tree to go", () => {
    const footprint = carbonFootprint([], new Date("2026-01-01"), climate);
    assert.deepEqual([footprint.kwh, footprint.co2Kg, footprint.trees, footprint.kwhToNextTree], [
      0,
      0,
      0,
      100,
    ]);
  });
});

describe("gridFactorAt", () => {
  it("picks the newest factor in force, and the oldest before any", () => {
    assert.equal(gridFactorAt(new Date("2024-12-31"), climate).kgCo2PerKwh, 0.4);
    assert.equal(gridFactorAt(new Date("2025-01-01"), climate).kgCo2PerKwh, 0.3);
    assert.equal(gridFactorAt(new Date("2020-01-01"), climate).kgCo2PerKwh, 0.4);
  });

  it("ships valid data with a factor for every year it names", () => {
    assert.ok(CLIMATE_DATA.gridFactors.length > 0);
    assert.equal(CLIMATE_DATA.treePolicy.kwhPerTree, 100);
    assert.equal(CLIMATE_DATA.treePolicy.kgCo2AbsorbedPerTreePerYear, 22);
  });
});
