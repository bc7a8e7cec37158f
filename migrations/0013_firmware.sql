CREATE TABLE `firmware_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event` text NOT NULL,
	`release_id` text,
	`version` text NOT NULL,
	`actor_user_id` text,
	`device_owner_id` text,
	`serial` text,
	`detail` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`release_id`) REFERENCES `firmware_releases`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`device_owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `firmware_audit_owner_idx` ON `firmware_audit_log` (`device_owner_id`);--> statement-breakpoint
CREATE TABLE `firmware_manifest_sequence` (
	`id` integer PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `firmware_outcomes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`device_id` text NOT NULL,
	`release_id` text,
	`outcome` text NOT NULL,
	`version` text NOT NULL,
	`previous_version` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`release_id`) REFERENCES `firmware_releases`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `firmware_outcomes_release_idx` ON `firmware_outcomes` (`release_id`,`outcome`);--> statement-breakpoint
CREATE INDEX `firmware_outcomes_device_idx` ON `firmware_outcomes` (`device_id`,`id`);--> statement-breakpoint
CREATE TABLE `firmware_releases` (
	`id` text PRIMARY KEY NOT NULL,
	`version` text NOT NULL,
	`channel` text NOT NULL,
	`models` text NOT NULL,
	`min_firmware_version` text NOT NULL,
	`release_notes` text DEFAULT '' NOT NULL,
	`rollout_percent` integer NOT NULL,
	`artifact_key` text NOT NULL,
	`sha256` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`published_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`published_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `firmware_releases_version_unique` ON `firmware_releases` (`version`);--> statement-breakpoint
CREATE INDEX `firmware_releases_channel_idx` ON `firmware_releases` (`channel`,`created_at`);