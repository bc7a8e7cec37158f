/**
 * @module
 * What a registration must look like, for the web form and for `POST /api/devices/register` alike:
 * a valid serial, a model from the catalogue, a purchase date that is a real day and not in the future,
 * and an optional nickname.
 */
import { z } from "zod";
import { serialProblem } from "../../../shared/devices/serial.ts";
import { findModel } from "./catalogue.ts";

export const NICKNAME_MAX = 60;

export const nicknameSchema = z.string().trim().max(NICKNAME_MAX, {
  error: `A nickname can be at most ${NICKNAME_MAX} characters.`,
});

function isRealDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The registration schema for "today" (`now`), so the future check follows the injected clock. */
export function registrationSchema(now: Date) {
  const today = now.toISOString().slice(0, 10);
  return z.object({
    serialNumber: z.string().trim().max(64).superRefine((serial, ctx) => {
      const problem = serialProblem(serial);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    modelNumber: z.string().max(64).refine((model) => findModel(model) !== undefined, {
      error: "Choose a MIXERA model from the list.",
    }),
    purchaseDate: z.string().max(10).refine(isRealDay, { error: "Enter the purchase date as YYYY-MM-DD." })
      .refine((date) => date <= today, { error: "The purchase date cannot be in the future." }),
    nickname: nicknameSchema.default(""),
  });
}

export type RegistrationForm = z.output<ReturnType<typeof registrationSchema>>;

/** Which API error code a failed field maps to. */
export function registrationErrorCode(field: string): "invalid_serial" | "invalid_request" {
  return field === "serialNumber" ? "invalid_serial" : "invalid_request";
}
