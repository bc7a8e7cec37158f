CREATE TABLE `cloud_playlist_tracks` (
	`playlist_id` text NOT NULL,
	`track_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`playlist_id`, `track_id`),
	FOREIGN KEY (`playlist_id`) REFERENCES `cloud_playlists`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`track_id`) REFERENCES `cloud_tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cloud_playlist_tracks_order_idx` ON `cloud_playlist_tracks` (`playlist_id`,`position`);--> statement-breakpoint
CREATE INDEX `cloud_playlist_tracks_track_idx` ON `cloud_playlist_tracks` (`track_id`);--> statement-breakpoint
CREATE TABLE `cloud_playlists` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`sync_to_devices` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `cloud_playlists_user_idx` ON `cloud_playlists` (`user_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `cloud_sync_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`mode` text DEFAULT 'all' NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `cloud_track_marks` (
	`track_id` text PRIMARY KEY NOT NULL,
	`cue_points` text DEFAULT '[]' NOT NULL,
	`loops` text DEFAULT '[]' NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL,
	FOREIGN KEY (`track_id`) REFERENCES `cloud_tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
