/**
 * @module
 * The calculator form: every field arrives as a string (a form post or the query of a GET), zod turns the
 * whole form into {@link EventDetails} or field → message errors for the inline messages.
 */
import { z } from "zod";
import { fieldErrors } from "../../http/forms.ts";
import type { EventDetails } from "./estimate.ts";
import { EVENT_TARIFFS, GEMA_RATES, rateYears } from "./rates.ts";

/** A decimal number typed by a person: `10`, `10.5` or `10,50`, within bounds. */
function decimal(label: string, min: number, max: number) {
  return z.string({ error: `Enter the ${label}` }).trim().min(1, `Enter the ${label}`).max(
    16,
    `The ${label} is too long`,
  )
    .transform((text) => text.replace(",", "."))
    .pipe(
      z.string().regex(/^\d+(\.\d{1,2})?$/, `The ${label} must be a number with at most 2 decimals`)
        .transform(Number)
        .pipe(
          z.number().min(min, `The ${label} must be at least ${min}`).max(
            max,
            `The ${label} must be at most ${max}`,
          ),
        ),
    );
}

const checkbox = z.enum(["on", "true", "1"]).optional().transform((value) => value !== undefined);

export const GemaFormSchema = z.object({
  tariff: z.enum(EVENT_TARIFFS, { error: "Choose M-V (recorded music) or U-V (live musicians)" }),
  year: z.string().regex(/^\d{4}$/, "Choose a rate year").transform(Number),
  area: decimal("area in m²", 1, 100_000),
  admission: decimal("admission price", 0, 10_000),
  duration: decimal("duration in hours", 0.5, 240),
  framework: checkbox,
  registration: z.enum(["on_time", "late"], { error: "Say whether the event is registered on time" }),
  arrangement: checkbox,
  vat: z.enum(["reduced", "standard"], { error: "Choose 7 % or 19 % VAT" }),
  djCopies: z.string().trim().max(7, "Enter at most 9,999,999 copies").regex(
    /^\d*$/,
    "Enter a whole number of copies",
  )
    .transform((text) => (text === "" ? 0 : Number(text))),
}).superRefine((form, context) => {
  if (!rateYears(GEMA_RATES, form.tariff).includes(form.year)) {
    context.addIssue({ code: "custom", path: ["year"], message: `No ${form.tariff} rates for ${form.year}` });
  }
  const limit = GEMA_RATES.modifiers.arrangementPriceLimit;
  if (form.arrangement && form.admission > limit) {
    context.addIssue({
      code: "custom",
      path: ["admission"],
      message: `Arrangement prices above €${limit} are assessed individually: ask GEMA`,
    });
  }
});

/** Default values of a fresh form: a DJ party (M-V), the newest rates, registered on time, 7 % VAT. */
export function defaultFormValues(): Record<string, string> {
  return {
    tariff: "M-V",
    year: String(rateYears(GEMA_RATES, "M-V")[0]),
    area: "",
    admission: "",
    duration: "8",
    registration: "on_time",
    vat: "reduced",
    djCopies: "",
  };
}

export type GemaFormResult =
  | { ok: true; event: EventDetails }
  | { ok: false; errors: Record<string, string> };

export function parseGemaForm(values: Record<string, string>): GemaFormResult {
  const parsed = GemaFormSchema.safeParse({ djCopies: "", ...values });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const form = parsed.data;
  return {
    ok: true,
    event: {
      tariff: form.tariff,
      year: form.year,
      areaSquareMetres: form.area,
      admissionEuros: form.admission,
      durationHours: form.duration,
      frameworkContract: form.framework,
      registeredOnTime: form.registration === "on_time",
      arrangementPrice: form.arrangement,
      vat: form.vat,
      djCopies: form.djCopies,
    },
  };
}
