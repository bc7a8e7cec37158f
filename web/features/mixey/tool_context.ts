/** @module What every MIXEY tool is given: the database and the signed-in user, never anyone else. */
import type { Db } from "../../db/client.ts";
import type { User } from "../../db/schema/users.ts";

export interface ToolContext {
  db: Db;
  /** The signed-in user: every tool reads this user's rows and no one else's. */
  user: User;
  now: Date;
}
