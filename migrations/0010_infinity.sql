CREATE TABLE `infinity_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`family` text NOT NULL,
	`name` text NOT NULL,
	`tagline` text NOT NULL,
	`features` text NOT NULL,
	`monthly_price_cents` integer NOT NULL,
	`per_gb` integer DEFAULT false NOT NULL,
	`included` integer DEFAULT false NOT NULL,
	`storage_bytes` integer,
	`skips_analysis_queue` integer DEFAULT false NOT NULL,
	`offered` integer DEFAULT true NOT NULL,
	`sort_order` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "infinity_plans_price_check" CHECK("infinity_plans"."monthly_price_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE `infinity_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`slot` text NOT NULL,
	`device_id` text,
	`billing` text NOT NULL,
	`price_cents` integer NOT NULL,
	`storage_bytes` integer,
	`skips_analysis_queue` integer NOT NULL,
	`payment_method` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_id`) REFERENCES `infinity_plans`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `infinity_subscriptions_user_id_idx` ON `infinity_subscriptions` (`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `infinity_subscriptions_active_slot` ON `infinity_subscriptions` (`user_id`,`slot`) WHERE "infinity_subscriptions"."status" = 'active';