/**
 * @module External storage's door within Infinity: the link flow, the user's link, the Storage adapter
 * for it, and the rule the library and devices read (linked external storage turns off direct push).
 */
import type { AppDeps } from "../../../context.ts";
import type { Db } from "../../../db/client.ts";
import type { ExternalStorage } from "./external_storage.ts";
import { dropboxStorage } from "./dropbox_storage.ts";
import { googleDriveStorage } from "./google_drive_storage.ts";
import { currentAccessToken, readLink } from "./links.ts";
import { endpointsFor } from "./providers.ts";

export { decodePendingLink, encodePendingLink, finishLink, readLink, startLink, unlink } from "./links.ts";
export { credentialsFor, isExternalProvider, PROVIDERS } from "./providers.ts";
export type { ExternalStorage } from "./external_storage.ts";

/**
 * The user's linked Google Drive or Dropbox behind the portal's Storage interface (whole objects and
 * streamed reads; see external_storage.ts), or null when they have linked none.
 *
 * @example
 * const storage = await externalStorageFor(c.var.deps, user.id) ?? c.var.deps.storage;
 */
export async function externalStorageFor(
  deps: Pick<AppDeps, "db" | "config" | "clock">,
  userId: string,
): Promise<ExternalStorage | null> {
  const link = await readLink(deps.db, userId);
  if (!link) return null;
  const endpoints = endpointsFor(deps.config, link.provider);
  const token = async () => currentAccessToken(deps, (await readLink(deps.db, userId)) ?? link);
  return link.provider === "google_drive"
    ? googleDriveStorage(endpoints, token)
    : dropboxStorage(endpoints, token);
}

/**
 * False while the user keeps their tracks on external storage: the portal cannot push those files to
 * devices, so tracks reach devices only by manual download over WiFi/USB.
 *
 * @example
 * if (!await directPushToDevicesAllowed(db, user.id)) return c.json({ error: "external_storage" }, 409);
 */
export async function directPushToDevicesAllowed(db: Db, userId: string): Promise<boolean> {
  return !(await readLink(db, userId));
}
