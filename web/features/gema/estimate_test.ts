import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { estimateGemaFee, type EventDetails } from "./estimate.ts";
import { GEMA_RATES, GemaRatesSchema, rateSetFor } from "./rates.ts";

const workedExample: EventDetails = {
  tariff: "U-V",
  year: 2020,
  areaSquareMetres: 500,
  admissionEuros: 10,
  durationHours: 8,
  frameworkContract: false,
  registeredOnTime: true,
  arrangementPrice: false,
  vat: "reduced",
  djCopies: 0,
};

function estimate(changes: Partial<EventDetails> = {}) {
  const result = estimateGemaFee(GEMA_RATES, { ...workedExample, ...changes });
  assert.ok(result, "a rate set covers the event");
  return result;
}

describe("estimateGemaFee", () => {
  it("reproduces the published example: 500 m², €10, 2020 rates → €409.50 net", () => {
    const result = estimate();
    assert.equal(result.areaUnits, 5);
    assert.deepEqual(result.lines.map((line) => line.cents), [12350, 28600, 40950]);
    assert.equal(result.netCents, 40950);
  });

  it("takes 20 % off for a framework contract, then adds 7 % VAT: €327.60 net, €350.53 gross", () => {
    const result = estimate({ frameworkContract: true });
    assert.equal(result.netCents, 32760);
    assert.equal(result.vatCents, 2293);
    assert.equal(result.grossCents, 35053);
  });

  it("adds 19 % VAT when the standard rate is chosen", () => {
    const result = estimate({ frameworkContract: true, vat: "standard" });
    assert.equal(result.vatRate, 0.19);
    assert.equal(result.grossCents, 32760 + 6224);
  });

  it("doubles the fee of an unregistered event and refuses it the framework discount", () => {
    const result = estimate({ registeredOnTime: false, frameworkContract: true });
    assert.equal(result.netCents, 81900);
    assert.equal(result.lines.some((line) => line.kind === "discount"), false);
    assert.match(result.notes.join(" "), /registered on time/);
  });

  it("charges 25 % of the tariff fee per started further 2 hours past 8 hours", () => {
    assert.equal(estimate({ durationHours: 9 }).netCents, 40950 + 10238);
    assert.equal(estimate({ durationHours: 12 }).netCents, 40950 + 20475);
  });

  it("counts every started 100 m², and at least one", () => {
    assert.equal(estimate({ areaSquareMetres: 501, admissionEuros: 0 }).netCents, 6 * 2470);
    assert.equal(estimate({ areaSquareMetres: 40, admissionEuros: 2 }).netCents, 2470);
  });

  it("counts the highest admission in started €1 steps above €2", () => {
    assert.equal(estimate({ areaSquareMetres: 100, admissionEuros: 2.5 }).netCents, 2470 + 715);
  });

  it("deducts two thirds of an arrangement price before counting admission steps", () => {
    const result = estimate({ admissionEuros: 30, arrangementPrice: true });
    assert.equal(result.countedAdmissionEuros, 10);
    assert.equal(result.netCents, 40950);
  });

  it("adds the GVL surcharge of the rate set for recorded music (M-V) before VAT", () => {
    const result = estimate({ tariff: "M-V" });
    const gvl = rateSetFor(GEMA_RATES, "M-V", 2020)!.gvlSurcharge;
    assert.equal(result.netCents, 40950 + Math.round(40950 * gvl));
    assert.equal(result.lines.at(-1)?.label, "GVL surcharge (recorded music)");
  });

  it("prices the DJ copy licence per started 500 copies", () => {
    assert.equal(estimate({ djCopies: 501 }).copyLicence?.netCents, 2 * 5900);
    assert.equal(estimate({ djCopies: 0 }).copyLicence, undefined);
  });

  it("finds no rates for a year before the oldest rate set", () => {
    assert.equal(estimateGemaFee(GEMA_RATES, { ...workedExample, year: 2015 }), undefined);
  });

  it("takes its figures from the data, so a new rate set changes the result", () => {
    const rates = GemaRatesSchema.parse({
      ...GEMA_RATES,
      rateSets: [...GEMA_RATES.rateSets, {
        ...rateSetFor(GEMA_RATES, "U-V")!,
        year: 2024,
        basePer100SquareMetres: 30,
      }],
    });
    assert.equal(estimateGemaFee(rates, { ...workedExample, year: 2024 })?.lines[0].cents, 15000);
    assert.equal(estimateGemaFee(rates, workedExample)?.lines[0].cents, 12350);
  });
});
