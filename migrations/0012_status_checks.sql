CREATE TABLE `status_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`endpoint_id` text NOT NULL,
	`checked_at` integer NOT NULL,
	`state` text NOT NULL,
	`http_status` integer,
	`response_ms` integer,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `status_checks_endpoint_time_idx` ON `status_checks` (`endpoint_id`,`checked_at`);