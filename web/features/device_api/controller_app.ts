/**
 * @module
 * The portal's own OAuth client for `mixera-controller link`: a public, approved app with the fixed
 * client id {@link CONTROLLER_CLIENT_ID}, so a controller can start the device authorization grant
 * (RFC 8628) without anyone registering an app first. Apps need an owning account; this one belongs to
 * a disabled system account that cannot sign in. Created at start-up, idempotently.
 */
import type { Db } from "../../db/client.ts";
import { oauthApps } from "../../db/schema/oauth.ts";
import { users } from "../../db/schema/users.ts";

export const CONTROLLER_CLIENT_ID = "mixera-controller";
const SYSTEM_USER_ID = "system-mixera-controller";

export async function ensureControllerApp(db: Db, now: Date): Promise<void> {
  await db.insert(users).values({
    id: SYSTEM_USER_ID,
    mixeraId: "MXR-SYSTEM01",
    email: "controller-app@system.invalid",
    displayName: "MIXERA",
    // Not a PHC string: no password can ever match it, and the account is disabled besides.
    passwordHash: "!disabled",
    emailVerifiedAt: now,
    disabledAt: now,
    createdAt: now,
  }).onConflictDoNothing();
  await db.insert(oauthApps).values({
    id: CONTROLLER_CLIENT_ID,
    userId: SYSTEM_USER_ID,
    name: "MIXERA Controller",
    description: "Links a MIXERA controller to your account.",
    websiteUrl: "https://mixera.pro",
    redirectUris: "[]",
    clientType: "public",
    status: "approved",
    reviewedAt: now,
    createdAt: now,
    updatedAt: now,
  }).onConflictDoNothing();
}
