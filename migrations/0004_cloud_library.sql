CREATE TABLE `cloud_quotas` (
	`user_id` text PRIMARY KEY NOT NULL,
	`quota_bytes` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cloud_tracks` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`storage_key` text NOT NULL,
	`storage_type` text NOT NULL,
	`original_filename` text NOT NULL,
	`format` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`audio_fingerprint` text,
	`likely_duplicate_of` text,
	`title` text NOT NULL,
	`artist` text,
	`album` text,
	`genre` text,
	`year` integer,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`likely_duplicate_of`) REFERENCES `cloud_tracks`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `cloud_tracks_user_sha256_idx` ON `cloud_tracks` (`user_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `cloud_tracks_user_created_idx` ON `cloud_tracks` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `cloud_tracks_user_title_idx` ON `cloud_tracks` (`user_id`,`title`);--> statement-breakpoint
CREATE INDEX `cloud_tracks_user_fingerprint_idx` ON `cloud_tracks` (`user_id`,`audio_fingerprint`);--> statement-breakpoint
CREATE TABLE `cloud_uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`partial_key` text NOT NULL,
	`storage_state` text DEFAULT '{}' NOT NULL,
	`length_bytes` integer NOT NULL,
	`offset_bytes` integer DEFAULT 0 NOT NULL,
	`original_filename` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cloud_uploads_user_idx` ON `cloud_uploads` (`user_id`);--> statement-breakpoint
CREATE INDEX `cloud_uploads_expires_idx` ON `cloud_uploads` (`expires_at`);