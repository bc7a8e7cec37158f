/** @module Accounts: one row per person, identified publicly by their Mixera ID. */
import { sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Public identifier shown to the user and to OAuth clients: `MXR-` + 8 characters. */
  mixeraId: text("mixera_id").notNull().unique(),
  /** Trimmed and lower-cased before it is stored, so uniqueness is case-insensitive. */
  email: text("email").notNull().unique(),
  displayName: text("display_name").notNull(),
  /** argon2id PHC string. */
  passwordHash: text("password_hash").notNull(),
  emailVerifiedAt: integer("email_verified_at", { mode: "timestamp_ms" }),
  role: text("role", { enum: ["user", "admin"] }).notNull().default("user"),
  disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
  /** Storage key of the profile picture, if the user uploaded one. */
  profilePictureKey: text("profile_picture_key"),
  profilePictureType: text("profile_picture_type"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
});

export type User = typeof users.$inferSelect;
