/**
 * @module The one registry of rows that belong to a user by a key instead of a foreign key. A row
 * here is matched only in its declared column and only in the listed forms, so a key that merely
 * contains somebody's address elsewhere is left alone. A new kind of keyed row is declared here.
 */
import { devOutbox } from "../../db/schema/dev_outbox.ts";
import { rateLimits } from "../../db/schema/rate_limits.ts";
import { declareUserData, keyedToUser } from "./user_data.ts";

declareUserData(
  // Counters are named `<limit>:<subject kind>:<subject>`: `verify:user:<id>`, `signin:account:<email>`,
  // `reset:email:<email>`. Counters about an IP address or an app are nobody's account data.
  keyedToUser(rateLimits.key, [
    { subject: "user id", before: ":user:" },
    { subject: "email", before: ":account:" },
    { subject: "email", before: ":email:" },
  ]),
  // Mail sent to the account's address (verification codes, reset links).
  keyedToUser(devOutbox.to, [{ subject: "email" }]),
);
