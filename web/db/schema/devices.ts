/**
 * @module
 * The Preview Program, registered MIXERA devices and their cloud identity: one owner per serial
 * (the unique serial decides races), the device's Ed25519 public key once it has linked, its lock and
 * pending cloud command, the short-lived OCP sessions it holds, the JWT ids it has used (replay
 * protection) and the audit log of device events. Every table reaches `users` through a
 * user_id (or device_id) foreign key with ON DELETE CASCADE, so deleting an account deletes it all.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const PREVIEW_STATUSES = ["pending", "accepted", "rejected"] as const;
export type PreviewStatus = typeof PREVIEW_STATUSES[number];

/** A user's latest Preview Program application (re-applying replaces it). */
export const previewApplications = sqliteTable("preview_applications", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  status: text("status", { enum: PREVIEW_STATUSES }).notNull(),
  /** Why the applicant wants in. */
  motivation: text("motivation").notNull(),
  /** Which MIXERA gear they use. */
  gear: text("gear").notNull(),
  /** Optional links (mixes, socials), newline-separated. */
  links: text("links").notNull().default(""),
  /** Shown to the applicant when not accepted. */
  decisionReason: text("decision_reason"),
  decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
  decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("preview_applications_status_idx").on(table.status, table.createdAt)]);

/** Per-user device settings: "Enable Cloud Access for Devices". */
export const deviceSettings = sqliteTable("device_settings", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  cloudAccess: integer("cloud_access", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const DEVICE_COMMANDS = ["factory_reset"] as const;
export type DeviceCommand = typeof DEVICE_COMMANDS[number];

export const devices = sqliteTable("devices", {
  id: text("id").primaryKey(),
  /** `MXR-YYYYMMDD-XXXXXX`; unique, so of two simultaneous registrations exactly one wins. */
  serial: text("serial").notNull().unique(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  model: text("model").notNull(),
  nickname: text("nickname").notNull().default(""),
  /** `YYYY-MM-DD`, never in the future; warranty runs from here. */
  purchaseDate: text("purchase_date").notNull(),
  registeredAt: integer("registered_at", { mode: "timestamp_ms" }).notNull(),
  /** Raw Ed25519 public key (base64url) the device proved it holds; null until it links. */
  publicKey: text("public_key"),
  linkedAt: integer("linked_at", { mode: "timestamp_ms" }),
  firmware: text("firmware"),
  lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }),
  lockedAt: integer("locked_at", { mode: "timestamp_ms" }),
  /** A cloud command delivered at the next handshake, cleared when the device confirms it. */
  pendingCommand: text("pending_command", { enum: DEVICE_COMMANDS }),
}, (table) => [index("devices_user_id_idx").on(table.userId)]);

/** OCP cloud sessions: `X-OCP-Session` is the id, `X-OCP-Token` a random secret stored as SHA-256. */
export const deviceSessions = sqliteTable("device_sessions", {
  id: text("id").primaryKey(),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  tokenHash: text("token_hash").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("device_sessions_device_idx").on(table.deviceId)]);

/** `jti` of every accepted device JWT until it expires: a second use is a replay. */
export const deviceJwtIds = sqliteTable("device_jwt_ids", {
  jti: text("jti").primaryKey(),
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("device_jwt_ids_expires_idx").on(table.expiresAt)]);

export const DEVICE_AUDIT_EVENTS = [
  "registered",
  "linked",
  "key_rotated",
  "locked",
  "unlocked",
  "revoked",
  "removed",
  "factory_reset_requested",
  "factory_reset",
] as const;
export type DeviceAuditEvent = typeof DEVICE_AUDIT_EVENTS[number];

/**
 * Device events (OCP §7). Kept per owner, not per device row, so "removed" outlives the device;
 * `device_id` is a plain reference for that reason.
 */
export const deviceAuditLog = sqliteTable("device_audit_log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  deviceId: text("device_id").notNull(),
  serial: text("serial").notNull(),
  event: text("event", { enum: DEVICE_AUDIT_EVENTS }).notNull(),
  /** Who did it: `owner`, `admin`, `device`. */
  actor: text("actor", { enum: ["owner", "admin", "device"] }).notNull(),
  detail: text("detail").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("device_audit_user_idx").on(table.userId, table.createdAt),
  index("device_audit_device_idx").on(table.deviceId, table.id),
]);

export type PreviewApplication = typeof previewApplications.$inferSelect;
export type Device = typeof devices.$inferSelect;
export type DeviceSession = typeof deviceSessions.$inferSelect;
export type DeviceAuditEntry = typeof deviceAuditLog.$inferSelect;
