/**
 * @module
 * Scheduled clean-up of expired OAuth rows: authorization codes, tokens and device requests would
 * otherwise pile up forever. Rows are kept for a day past their expiry, so a late replay of a used
 * code or rotated refresh token is still recognised (and revokes its family) in that time; after it,
 * the credential is simply unknown, which is just as safe because it expired.
 */
import { lt } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../../clock.ts";
import { oauthCodes, oauthDeviceRequests, oauthTokens } from "../../db/schema/oauth.ts";

/** How long an expired row stays for replay detection. */
export const EXPIRED_ROW_RETENTION_MS = 24 * 60 * 60 * 1000;
/** How often the portal prunes: expired rows are harmless, so hourly keeps the tables small enough. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

export interface PruneCounts {
  codes: number;
  tokens: number;
  deviceRequests: number;
}

/** Deletes codes, tokens and device requests that expired more than a retention period ago. */
export async function pruneExpiredOAuthRows(db: Db, now: Date): Promise<PruneCounts> {
  const cutoff = new Date(now.getTime() - EXPIRED_ROW_RETENTION_MS);
  const [codes, tokens, deviceRequests] = await db.batch([
    db.delete(oauthCodes).where(lt(oauthCodes.expiresAt, cutoff)),
    db.delete(oauthTokens).where(lt(oauthTokens.expiresAt, cutoff)),
    db.delete(oauthDeviceRequests).where(lt(oauthDeviceRequests.expiresAt, cutoff)),
  ]);
  return {
    codes: codes.rowsAffected,
    tokens: tokens.rowsAffected,
    deviceRequests: deviceRequests.rowsAffected,
  };
}

/**
 * Prunes now and then every `everyMs` until the returned function is called. A failed run is logged
 * and retried at the next tick; it never takes the portal down.
 */
export function schedulePruning(
  db: Db,
  clock: Clock,
  options: { everyMs?: number; onPruned?: (counts: PruneCounts) => void } = {},
): () => void {
  const run = () =>
    pruneExpiredOAuthRows(db, clock.now()).then(options.onPruned, (error) => {
      console.error("Pruning expired OAuth rows failed:", error);
    });
  run();
  const timer = setInterval(run, options.everyMs ?? PRUNE_INTERVAL_MS);
  return () => clearInterval(timer);
}
