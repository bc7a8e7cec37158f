CREATE TABLE `device_track_downloads` (
	`device_id` text NOT NULL,
	`track_id` text NOT NULL,
	`downloaded_at` integer NOT NULL,
	PRIMARY KEY(`device_id`, `track_id`),
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`track_id`) REFERENCES `cloud_tracks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_track_downloads_track_idx` ON `device_track_downloads` (`track_id`);--> statement-breakpoint
CREATE TABLE `url_signing_keys` (
	`purpose` text PRIMARY KEY NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL
);
