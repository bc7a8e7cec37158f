/**
 * @module
 * The GEMA fee estimate for one event, line by line, in euro cents. The modifiers follow GEMA's order:
 * tariff fee by area and admission, duration surcharge, framework-contract discount (only when registered on
 * time), control-cost surcharge (late or unregistered), GVL surcharge for recorded music, then VAT.
 */
import type { EventTariff, GemaRates, RateSet } from "./rates.ts";
import { rateSetFor } from "./rates.ts";

export interface EventDetails {
  tariff: EventTariff;
  /** The year whose rates to use (the newest set that took effect by then). */
  year: number;
  areaSquareMetres: number;
  /** The highest net admission price; 0 for a free event. */
  admissionEuros: number;
  durationHours: number;
  /** Member of an association with a GEMA framework contract (BVMV, DEHOGA, DOSB, …). */
  frameworkContract: boolean;
  /** Registered with GEMA at least 3 days before the event. */
  registeredOnTime: boolean;
  /** The admission includes food and drink (an arrangement price). */
  arrangementPrice: boolean;
  vat: "reduced" | "standard";
  /** Files the DJ copies per year for the VR-Ö licence line; 0 leaves the line out. */
  djCopies: number;
}

export interface EstimateLine {
  label: string;
  /** How the amount was found, e.g. `5 × €24.70`. */
  detail: string;
  cents: number;
  kind: "fee" | "surcharge" | "discount" | "total";
}

export interface Estimate {
  rateSet: RateSet;
  /** Started 100 m² units charged (at least one). */
  areaUnits: number;
  /** The admission price the tariff counts, after an arrangement deduction. */
  countedAdmissionEuros: number;
  lines: EstimateLine[];
  netCents: number;
  vatRate: number;
  vatCents: number;
  grossCents: number;
  /** Modifiers the user asked for that do not apply, with the reason. */
  notes: string[];
  copyLicence?: { blocks: number; netCents: number; vatCents: number; grossCents: number; detail: string };
}

export function formatEuros(cents: number): string {
  const sign = cents < 0 ? "−" : "";
  return `${sign}€${(Math.abs(cents) / 100).toFixed(2)}`;
}

const percent = (share: number) => `${Math.round(share * 100)} %`;
const toCents = (euros: number) => Math.round(euros * 100);

/** Started units of `size` in `value`: 1–100 m² is one unit, 101 m² two. */
function startedUnits(value: number, size: number): number {
  return Math.max(1, Math.ceil(value / size));
}

/**
 * Estimates the fee, or returns undefined when no rate set of the tariff covers the year.
 *
 * @example
 * ```ts
 * const estimate = estimateGemaFee(GEMA_RATES, { tariff: "U-V", year: 2020, areaSquareMetres: 500, admissionEuros: 10, … });
 * estimate?.netCents; // 40950
 * ```
 */
export function estimateGemaFee(rates: GemaRates, event: EventDetails): Estimate | undefined {
  const rateSet = rateSetFor(rates, event.tariff, event.year);
  if (!rateSet) return undefined;
  const { modifiers } = rates;
  const notes: string[] = [];
  const lines: EstimateLine[] = [];

  const areaUnits = startedUnits(event.areaSquareMetres, 100);
  const countedAdmissionEuros = event.arrangementPrice
    ? Math.round(event.admissionEuros * (1 - modifiers.arrangementFlatDeduction) * 100) / 100
    : event.admissionEuros;
  const admissionSteps = Math.max(0, Math.ceil(countedAdmissionEuros - rateSet.admissionIncludedUpTo));

  const baseCents = areaUnits * toCents(rateSet.basePer100SquareMetres);
  lines.push({
    label: `Base fee (${areaUnits} × started 100 m²)`,
    detail: `${areaUnits} × ${formatEuros(toCents(rateSet.basePer100SquareMetres))}`,
    cents: baseCents,
    kind: "fee",
  });
  const admissionCents = admissionSteps * areaUnits * toCents(rateSet.perEuroAdmissionPer100SquareMetres);
  lines.push({
    label: admissionSteps
      ? `Admission: ${admissionSteps} × €1 step above €${rateSet.admissionIncludedUpTo}`
      : `Admission up to €${rateSet.admissionIncludedUpTo}: no admission steps`,
    detail: `${admissionSteps} × ${areaUnits} × ${
      formatEuros(toCents(rateSet.perEuroAdmissionPer100SquareMetres))
    }`,
    cents: admissionCents,
    kind: "fee",
  });
  const tariffFee = baseCents + admissionCents;
  lines.push({
    label: `Tariff ${rateSet.tariff} fee`,
    detail: "base + admission",
    cents: tariffFee,
    kind: "total",
  });

  let running = tariffFee;
  const furtherHours = Math.max(0, event.durationHours - rateSet.hoursCovered);
  if (furtherHours > 0) {
    const blocks = Math.ceil(furtherHours / 2);
    const cents = Math.round(tariffFee * rateSet.surchargePerFurtherTwoHours * blocks);
    lines.push({
      label: `Duration: ${blocks} × further 2 h past ${rateSet.hoursCovered} h`,
      detail: `${blocks} × ${percent(rateSet.surchargePerFurtherTwoHours)} of ${formatEuros(tariffFee)}`,
      cents,
      kind: "surcharge",
    });
    running += cents;
  }

  if (event.frameworkContract && event.registeredOnTime) {
    const cents = -Math.round(running * modifiers.frameworkContractDiscount);
    lines.push({
      label: "Framework-contract discount",
      detail: `−${percent(modifiers.frameworkContractDiscount)} of ${formatEuros(running)}`,
      cents,
      kind: "discount",
    });
    running += cents;
  } else if (event.frameworkContract) {
    notes.push(
      "The framework-contract discount is not granted: it applies only to events registered on time.",
    );
  }

  if (!event.registeredOnTime) {
    const cents = Math.round(running * modifiers.controlCostSurcharge);
    lines.push({
      label: "Control-cost surcharge (late or unregistered)",
      detail: `+${percent(modifiers.controlCostSurcharge)} of ${formatEuros(running)}`,
      cents,
      kind: "surcharge",
    });
    running += cents;
  }

  if (rateSet.gvlSurcharge > 0) {
    const cents = Math.round(running * rateSet.gvlSurcharge);
    lines.push({
      label: "GVL surcharge (recorded music)",
      detail: `+${percent(rateSet.gvlSurcharge)} of ${formatEuros(running)}`,
      cents,
      kind: "surcharge",
    });
    running += cents;
  }

  if (event.arrangementPrice && event.admissionEuros > 0) {
    notes.push(
      `Arrangement price: ${percent(modifiers.arrangementFlatDeduction)} of €${
        event.admissionEuros.toFixed(2)
      } deducted as the flat share for food and drink, so €${countedAdmissionEuros.toFixed(2)} counts.`,
    );
  }

  const vatRate = event.vat === "standard" ? modifiers.standardVat : modifiers.reducedVat;
  const vatCents = Math.round(running * vatRate);
  return {
    rateSet,
    areaUnits,
    countedAdmissionEuros,
    lines,
    netCents: running,
    vatRate,
    vatCents,
    grossCents: running + vatCents,
    notes,
    copyLicence: copyLicenceLine(rates, event.djCopies, vatRate),
  };
}

function copyLicenceLine(rates: GemaRates, copies: number, vatRate: number): Estimate["copyLicence"] {
  if (copies <= 0) return undefined;
  const { pricePerStartedBlock, copiesPerBlock } = rates.copyLicence;
  const blocks = startedUnits(copies, copiesPerBlock);
  const netCents = blocks * toCents(pricePerStartedBlock);
  const vatCents = Math.round(netCents * vatRate);
  return {
    blocks,
    netCents,
    vatCents,
    grossCents: netCents + vatCents,
    detail: `${blocks} × ${formatEuros(toCents(pricePerStartedBlock))} per started ${copiesPerBlock} copies`,
  };
}
