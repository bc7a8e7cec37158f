/**
 * @module
 * Object storage for user files (profile pictures, later the cloud library). The default backend is
 * the local filesystem under DATA_DIR; an S3 backend can implement the same interface.
 */

export interface Storage {
  put(key: string, data: Uint8Array): Promise<void>;
  /** The stored bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

/** Keys are relative paths of safe segments, so no key can escape the storage root. */
export function assertValidKey(key: string): void {
  const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
  if (key.length > 512 || !key.split("/").every((part) => segment.test(part) && part !== "..")) {
    throw new Error(`Invalid storage key ${JSON.stringify(key)}: expected segments of [A-Za-z0-9._-]`);
  }
}
