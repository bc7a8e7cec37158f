/**
 * @module
 * GEMA's published event rates as versioned data: each rate set names its tariff, the year it took effect
 * and its sources. The figures live in `data/tariff_rates.json`; this module checks them once at start-up and
 * picks the set that applies to an event.
 */
import { z } from "zod";
import data from "./data/tariff_rates.json" with { type: "json" };

const SourceSchema = z.object({ label: z.string().min(1), url: z.url() });
export type RateSource = z.infer<typeof SourceSchema>;

export const EVENT_TARIFFS = ["M-V", "U-V"] as const;
export type EventTariff = typeof EVENT_TARIFFS[number];

const share = z.number().min(0).max(1);
const euros = z.number().positive();

const RateSetSchema = z.object({
  tariff: z.enum(EVENT_TARIFFS),
  year: z.number().int().min(2014).max(2100),
  basePer100SquareMetres: euros,
  admissionIncludedUpTo: z.number().min(0),
  perEuroAdmissionPer100SquareMetres: euros,
  hoursCovered: z.number().int().positive(),
  surchargePerFurtherTwoHours: share,
  gvlSurcharge: share,
  note: z.string().optional(),
  sources: z.array(SourceSchema).min(1),
});
export type RateSet = z.infer<typeof RateSetSchema>;

const ModifiersSchema = z.object({
  frameworkContractDiscount: share,
  controlCostSurcharge: z.number().min(0).max(2),
  arrangementFlatDeduction: share,
  arrangementPriceLimit: euros,
  reducedVat: share,
  standardVat: share,
  sources: z.array(SourceSchema).min(1),
});
export type Modifiers = z.infer<typeof ModifiersSchema>;

const CopyLicenceSchema = z.object({
  tariff: z.literal("VR-Ö"),
  year: z.number().int(),
  pricePerStartedBlock: euros,
  copiesPerBlock: z.number().int().positive(),
  sources: z.array(SourceSchema).min(1),
});
export type CopyLicenceRate = z.infer<typeof CopyLicenceSchema>;

export const GemaRatesSchema = z.object({
  rateSets: z.array(RateSetSchema).min(1),
  modifiers: ModifiersSchema,
  copyLicence: CopyLicenceSchema,
});
export type GemaRates = z.infer<typeof GemaRatesSchema>;

/** The rates shipped with the portal; a malformed data file stops the start-up with zod's message. */
export const GEMA_RATES: GemaRates = GemaRatesSchema.parse(data);

/** Years for which a rate set of `tariff` exists, newest first. */
export function rateYears(rates: GemaRates, tariff: EventTariff): number[] {
  return rates.rateSets.filter((set) => set.tariff === tariff).map((set) => set.year).sort((a, b) => b - a);
}

/** The newest rate set of `tariff` that took effect in or before `year` (the newest one when `year` is omitted). */
export function rateSetFor(rates: GemaRates, tariff: EventTariff, year?: number): RateSet | undefined {
  return rates.rateSets
    .filter((set) => set.tariff === tariff && (year === undefined || set.year <= year))
    .sort((a, b) => b.year - a.year)[0];
}
