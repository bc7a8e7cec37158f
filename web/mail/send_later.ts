/**
 * @module
 * Mail sent after the response instead of before it. A request that mails in one case and not in
 * another (a sign-up for a taken address, a reset for an unknown one) would otherwise take as long as
 * the mail server does in one case only, and the answer's timing would tell the cases apart.
 */
import type { Mail, Mailer } from "./mailer.ts";

const pending = new WeakMap<Mailer, Set<Promise<void>>>();

/** Starts sending `mail` and returns at once; a failure is logged, never thrown at the request. */
export function sendLater(mailer: Mailer, mail: Mail): void {
  let inFlight = pending.get(mailer);
  if (!inFlight) pending.set(mailer, inFlight = new Set());
  const set = inFlight;
  const sending: Promise<void> = mailer.send(mail)
    .catch((error) => console.error(`Mail "${mail.subject}" could not be sent:`, error))
    .finally(() => set.delete(sending));
  set.add(sending);
}

/** Resolves once every mail handed to {@link sendLater} for `mailer` so far has been sent or has failed. */
export async function mailSettled(mailer: Mailer): Promise<void> {
  while (pending.get(mailer)?.size) await Promise.all([...pending.get(mailer)!]);
}
