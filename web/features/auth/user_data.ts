/** @module Whose rows the account tables hold, for data export and account deletion. */
import { emailVerificationCodes } from "../../db/schema/email_verification.ts";
import { passwordResetTokens } from "../../db/schema/password_reset.ts";
import { sessions } from "../../db/schema/sessions.ts";
import { users } from "../../db/schema/users.ts";
import { accountTable, declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(
  accountTable(users.id),
  ownedByUser(sessions.userId),
  ownedByUser(emailVerificationCodes.userId),
  ownedByUser(passwordResetTokens.userId),
);
