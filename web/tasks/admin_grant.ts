/**
 * @module `deno task admin:grant EMAIL`: makes the account with this email an administrator, in the
 * database the portal's environment points at (LIBSQL_URL, TURSO_AUTH_TOKEN).
 */
import { ConfigError, loadConfig } from "../../shared/config/config.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { grantAdmin } from "../features/admin/mod.ts";

const MESSAGES = {
  granted: (email: string) => `${email} is now an administrator.`,
  already_admin: (email: string) => `${email} was already an administrator.`,
  no_such_user: (email: string) => `No account uses ${email}. Sign up first, then run this again.`,
};

/** Runs the task; returns the process exit code (0 done, 1 no such account, 2 usage or configuration). */
export async function adminGrantMain(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  if (args.length !== 1 || !args[0].includes("@")) {
    console.error("Usage: deno task admin:grant EMAIL");
    return 2;
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 2;
  }
  const db = await openDb(config.databaseUrl, config.databaseAuthToken, config.databaseEncryptionKey);
  try {
    await migrateDb(db);
    const email = args[0].trim().toLowerCase();
    const result = await grantAdmin(db, email);
    (result === "no_such_user" ? console.error : console.log)(MESSAGES[result](email));
    return result === "no_such_user" ? 1 : 0;
  } finally {
    db.$client.close();
  }
}

if (import.meta.main) Deno.exit(await adminGrantMain(Deno.args, Deno.env.toObject()));
