/**
 * @module
 * Firmware releases (OTA): each published controller build with its stored artifact, target models,
 * channel and staged rollout; the counter that numbers every manifest the portal signs; what devices
 * report after an update; and the audit log of releases, rollout changes and device outcomes (OCP §7).
 * A version is unique across channels, so a device's report names its release by version alone.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { devices } from "./devices.ts";
import { users } from "./users.ts";

export const FIRMWARE_CHANNELS = ["stable", "beta"] as const;

export const firmwareReleases = sqliteTable("firmware_releases", {
  id: text("id").primaryKey(),
  /** Semantic version; strictly above every earlier release of the same channel. */
  version: text("version").notNull().unique(),
  channel: text("channel", { enum: FIRMWARE_CHANNELS }).notNull(),
  /** Target model numbers, as a JSON array of strings. */
  models: text("models").notNull(),
  minFirmwareVersion: text("min_firmware_version").notNull(),
  releaseNotes: text("release_notes").notNull().default(""),
  /** Share of eligible devices (0–100, by a hash of release and serial) offered this release. */
  rolloutPercent: integer("rollout_percent").notNull(),
  /** Storage key of the controller binary. */
  artifactKey: text("artifact_key").notNull(),
  sha256: text("sha256").notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  publishedBy: text("published_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("firmware_releases_channel_idx").on(table.channel, table.createdAt)]);

/**
 * One row (id 1): the sequence number of the last manifest signed. The next is the larger of one more
 * and the current time in milliseconds, so it keeps growing even after the database is restored.
 */
export const firmwareManifestSequence = sqliteTable("firmware_manifest_sequence", {
  id: integer("id").primaryKey(),
  value: integer("value").notNull(),
});

export const FIRMWARE_OUTCOMES = ["installed", "rolled_back"] as const;
export type FirmwareOutcome = typeof FIRMWARE_OUTCOMES[number];

/** What a device reported after trying an update. */
export const firmwareOutcomes = sqliteTable("firmware_outcomes", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  /** The release tried, when the version is one the portal published. */
  releaseId: text("release_id").references(() => firmwareReleases.id, { onDelete: "set null" }),
  outcome: text("outcome", { enum: FIRMWARE_OUTCOMES }).notNull(),
  version: text("version").notNull(),
  previousVersion: text("previous_version").notNull(),
  reason: text("reason").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("firmware_outcomes_release_idx").on(table.releaseId, table.outcome),
  index("firmware_outcomes_device_idx").on(table.deviceId, table.id),
]);

export const FIRMWARE_AUDIT_EVENTS = [
  "release_published",
  "rollout_changed",
  "device_installed",
  "device_rolled_back",
] as const;
export type FirmwareAuditEvent = typeof FIRMWARE_AUDIT_EVENTS[number];

/**
 * Every release, rollout change and device outcome. An admin's entries keep the release and lose only
 * the admin reference when that account is deleted; a device's entries belong to the device's owner
 * and go with their account.
 */
export const firmwareAuditLog = sqliteTable("firmware_audit_log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  event: text("event", { enum: FIRMWARE_AUDIT_EVENTS }).notNull(),
  releaseId: text("release_id").references(() => firmwareReleases.id, { onDelete: "set null" }),
  version: text("version").notNull(),
  /** The admin who acted (release and rollout events). */
  actorUserId: text("actor_user_id").references(() => users.id, { onDelete: "set null" }),
  /** The owner of the reporting device (outcome events). */
  deviceOwnerId: text("device_owner_id").references(() => users.id, { onDelete: "cascade" }),
  serial: text("serial"),
  detail: text("detail").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("firmware_audit_owner_idx").on(table.deviceOwnerId)]);

export type FirmwareRelease = typeof firmwareReleases.$inferSelect;
export type FirmwareOutcomeRow = typeof firmwareOutcomes.$inferSelect;
export type FirmwareAuditEntry = typeof firmwareAuditLog.$inferSelect;
