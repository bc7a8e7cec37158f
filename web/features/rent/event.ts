/** @module Step 1 of a rental: the event's dates, location and type, checked and kept per user. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type RentEventDraft, rentEventDrafts } from "../../db/schema/rent.ts";
import { addDays, isCalendarDay, MAX_DAYS_AHEAD, MAX_RENTAL_DAYS, rentalDays } from "./dates.ts";

export const EVENT_TYPES = [
  "Club night",
  "Festival",
  "Wedding",
  "Private party",
  "Corporate event",
  "Other",
] as const;

const day = (label: string) =>
  z.string().trim().refine(isCalendarDay, { error: `Enter the ${label} as a date (YYYY-MM-DD).` });

/** The event details form; `today` bounds the dates so nobody books the past or years ahead. */
export function eventDetailsSchema(today: string) {
  return z.object({
    startDate: day("start date").refine((start) => start >= today, {
      error: "The rental cannot start in the past.",
    }).refine((start) => start <= addDays(today, MAX_DAYS_AHEAD), {
      error: `Rentals can be booked at most ${MAX_DAYS_AHEAD} days ahead.`,
    }),
    endDate: day("end date"),
    location: z.string().trim().min(2, { error: "Enter where the event takes place." }).max(120, {
      error: "Use at most 120 characters.",
    }),
    eventType: z.enum(EVENT_TYPES, { error: "Choose the type of event." }),
  }).superRefine((form, context) => {
    if (!isCalendarDay(form.startDate) || !isCalendarDay(form.endDate)) return;
    if (form.endDate < form.startDate) {
      context.addIssue({
        code: "custom",
        path: ["endDate"],
        message: "The end date is before the start date.",
      });
    } else if (rentalDays(form.startDate, form.endDate) > MAX_RENTAL_DAYS) {
      context.addIssue({
        code: "custom",
        path: ["endDate"],
        message: `A rental covers at most ${MAX_RENTAL_DAYS} days.`,
      });
    }
  });
}

export type EventDetails = z.output<ReturnType<typeof eventDetailsSchema>>;

export async function readEventDraft(db: Db, userId: string): Promise<RentEventDraft | undefined> {
  const [draft] = await db.select().from(rentEventDrafts).where(eq(rentEventDrafts.userId, userId));
  return draft;
}

export async function saveEventDraft(
  db: Db,
  userId: string,
  details: EventDetails,
  now: Date,
): Promise<void> {
  const row = { ...details, updatedAt: now };
  await db.insert(rentEventDrafts).values({ userId, ...row }).onConflictDoUpdate({
    target: rentEventDrafts.userId,
    set: row,
  });
}

/** A draft whose start day has passed cannot be booked any more; the page asks for new dates. */
export function isDraftCurrent(draft: RentEventDraft, today: string): boolean {
  return draft.startDate >= today;
}
