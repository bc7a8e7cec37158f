CREATE TABLE `device_audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`serial` text NOT NULL,
	`event` text NOT NULL,
	`actor` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_audit_user_idx` ON `device_audit_log` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `device_audit_device_idx` ON `device_audit_log` (`device_id`,`id`);--> statement-breakpoint
CREATE TABLE `device_jwt_ids` (
	`jti` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_jwt_ids_expires_idx` ON `device_jwt_ids` (`expires_at`);--> statement-breakpoint
CREATE TABLE `device_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`device_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `device_sessions_device_idx` ON `device_sessions` (`device_id`);--> statement-breakpoint
CREATE TABLE `device_settings` (
	`user_id` text PRIMARY KEY NOT NULL,
	`cloud_access` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `devices` (
	`id` text PRIMARY KEY NOT NULL,
	`serial` text NOT NULL,
	`user_id` text NOT NULL,
	`model` text NOT NULL,
	`nickname` text DEFAULT '' NOT NULL,
	`purchase_date` text NOT NULL,
	`registered_at` integer NOT NULL,
	`public_key` text,
	`linked_at` integer,
	`firmware` text,
	`last_seen_at` integer,
	`locked_at` integer,
	`pending_command` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `devices_serial_unique` ON `devices` (`serial`);--> statement-breakpoint
CREATE INDEX `devices_user_id_idx` ON `devices` (`user_id`);--> statement-breakpoint
CREATE TABLE `preview_applications` (
	`user_id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`motivation` text NOT NULL,
	`gear` text NOT NULL,
	`links` text DEFAULT '' NOT NULL,
	`decision_reason` text,
	`decided_by` text,
	`decided_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `preview_applications_status_idx` ON `preview_applications` (`status`,`created_at`);