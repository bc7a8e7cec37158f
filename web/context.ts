/**
 * @module
 * What every request handler can reach: the injected dependencies and the signed-in user.
 * Feature routers are `new Hono<AppEnv>()` so `c.var.user`, `c.var.deps.db` … are typed.
 */
import type { Config } from "../shared/config/config.ts";
import type { Clock } from "./clock.ts";
import type { Db } from "./db/client.ts";
import type { Session } from "./db/schema/sessions.ts";
import type { User } from "./db/schema/users.ts";
import type { Mailer } from "./mail/mailer.ts";
import type { Storage } from "./storage/storage.ts";

export interface AppDeps {
  db: Db;
  config: Config;
  mailer: Mailer;
  storage: Storage;
  clock: Clock;
}

/**
 * The context behind a sign-in guard (requireUser, requireVerified, requireAdmin in
 * web/auth/middleware.ts): the user and their session are there, never null.
 */
export type SignedInEnv = AppEnv & { Variables: { user: User; session: Session } };

export type AppEnv = {
  /** Set by the server adapter (web/server.ts); absent in app.request() tests unless passed. */
  Bindings: { remoteAddr?: string };
  Variables: {
    deps: AppDeps;
    /** The signed-in user, or null. */
    user: User | null;
    /** The current session, or null. */
    session: Session | null;
  };
};
