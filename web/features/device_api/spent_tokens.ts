/**
 * @module
 * Spending a device JWT: its `jti` is written once, and a second write of the same token fails on the
 * primary key (a replay). The key starts with the token's expiry in hex, so rows written together sort
 * together and land on the last page of the index instead of one random page each (the same reasoning
 * as the OAuth provider's time-ordered credentials). A replayed token carries the same expiry and so
 * the same key.
 */
import type { InStatement } from "@libsql/client";
import { DEVICE_JWT_LEEWAY_SEC, type DeviceJwtClaims } from "../../../shared/devices/jwt.ts";

export function spentTokenKey(claims: Pick<DeviceJwtClaims, "exp" | "jti">): string {
  return `${claims.exp.toString(16).padStart(10, "0")}.${claims.jti}`;
}

/** The statement that spends `claims`' token for `deviceId`; `onlyIf` makes it conditional. */
export function spendTokenStatement(
  claims: Pick<DeviceJwtClaims, "exp" | "jti">,
  deviceId: string,
  onlyIf?: { sql: string; args: (string | number)[] },
): InStatement {
  const args = [spentTokenKey(claims), deviceId, (claims.exp + DEVICE_JWT_LEEWAY_SEC) * 1000];
  return onlyIf
    ? {
      sql: `INSERT INTO device_jwt_ids (jti, device_id, expires_at) SELECT ?, ?, ? WHERE ${onlyIf.sql}`,
      args: [...args, ...onlyIf.args],
    }
    : { sql: "INSERT INTO device_jwt_ids (jti, device_id, expires_at) VALUES (?, ?, ?)", args };
}

/** SQL true once `claims`' token has been spent (for writes that must follow the spending). */
export function tokenSpentCondition(claims: Pick<DeviceJwtClaims, "exp" | "jti">) {
  return { sql: "EXISTS (SELECT 1 FROM device_jwt_ids WHERE jti = ?)", args: [spentTokenKey(claims)] };
}
