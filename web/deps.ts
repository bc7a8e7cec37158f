/** @module Builds the production dependencies (database, mail, storage, clock) from the configuration. */
import { join } from "node:path";
import type { Config } from "../shared/config/config.ts";
import { systemClock } from "./clock.ts";
import type { AppDeps } from "./context.ts";
import { migrateDb, openDb } from "./db/client.ts";
import { devOutboxMailer } from "./mail/dev_outbox.ts";
import { smtpMailer } from "./mail/smtp.ts";
import { fsStorage } from "./storage/fs_storage.ts";
import { ensureControllerApp } from "./features/device_api/mod.ts";
import { s3Storage } from "./storage/s3_storage.ts";
import type { Storage } from "./storage/storage.ts";

/** S3 when configured, else the filesystem under DATA_DIR/files. */
export function storageFor(config: Config): Storage {
  return config.s3 ? s3Storage(config.s3) : fsStorage(join(config.dataDir, "files"));
}

/**
 * Opens and migrates the database, picks the mail transport (SMTP when SMTP_URL is set, else the dev
 * outbox) and the file storage.
 */
export async function createDeps(config: Config): Promise<AppDeps> {
  const db = await openDb(config.databaseUrl, config.databaseAuthToken, config.databaseEncryptionKey);
  await migrateDb(db);
  const clock = systemClock;
  await ensureControllerApp(db, clock.now());
  const mailer = config.smtpUrl
    ? smtpMailer(config.smtpUrl, `MIXERA <no-reply@${new URL(config.publicUrl).hostname}>`)
    : devOutboxMailer(db, clock);
  return { db, config, clock, mailer, storage: storageFor(config) };
}
