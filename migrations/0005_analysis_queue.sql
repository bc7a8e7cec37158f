CREATE TABLE `analysis_jobs` (
	`track_id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`source_object` text NOT NULL,
	`priority` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer NOT NULL,
	`available_at` integer NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`progress` real DEFAULT 0 NOT NULL,
	`last_error` text,
	`enqueued_at` integer NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`track_id`) REFERENCES `cloud_tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `analysis_jobs_lease_idx` ON `analysis_jobs` (`state`,`priority`,`enqueued_at`);--> statement-breakpoint
CREATE TABLE `analysis_priority_users` (
	`user_id` text PRIMARY KEY NOT NULL,
	`granted_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `track_analysis` (
	`track_id` text PRIMARY KEY NOT NULL,
	`duration_seconds` real NOT NULL,
	`sample_rate` integer NOT NULL,
	`channels` integer NOT NULL,
	`bpm` real,
	`bpm_confidence` real NOT NULL,
	`first_beat_seconds` real,
	`key_name` text,
	`key_camelot` text,
	`key_confidence` real,
	`loudness_lufs` real,
	`energy` integer NOT NULL,
	`waveform` text NOT NULL,
	`file_tags` text NOT NULL,
	`artwork` blob,
	`artwork_type` text,
	`analyzed_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `cloud_tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `track_analysis_bpm_idx` ON `track_analysis` (`bpm`);--> statement-breakpoint
CREATE INDEX `track_analysis_camelot_idx` ON `track_analysis` (`key_camelot`);