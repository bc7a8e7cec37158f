/**
 * @module What the Google Drive and Dropbox adapters provide: the whole-object and streaming part of
 * the portal's Storage interface. Resumable partial objects (`beginPartial` … `completePartial`, used by
 * tus uploads) are not implemented for external providers, so uploads land in the portal's own storage.
 */
import type { Storage } from "../../../storage/storage.ts";

export type ExternalStorage = Pick<Storage, "put" | "get" | "delete" | "size" | "read">;
