/**
 * @module The account feature's door for other features: account fields and passwords, the rate
 * limits of the account pages, and the password reset flow.
 */
export { displayNameSchema, generateMixeraId, setPassword } from "./accounts.ts";
export { LIMITS } from "./limits.ts";
export { requestPasswordReset, resetPassword } from "./password_reset.ts";
