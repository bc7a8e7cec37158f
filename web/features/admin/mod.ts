/** @module The admin area's door for other features and tasks: disabling, re-enabling and granting accounts. */
export { disableAccount, enableAccount, grantAdmin } from "./service.ts";
