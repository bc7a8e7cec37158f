DROP INDEX `cloud_tracks_user_created_idx`;--> statement-breakpoint
CREATE INDEX `cloud_tracks_user_created_idx` ON `cloud_tracks` (`user_id`,`created_at`,`id`);