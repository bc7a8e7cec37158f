CREATE TABLE `rent_booking_items` (
	`booking_id` text NOT NULL,
	`item_id` text NOT NULL,
	`item_name` text NOT NULL,
	`daily_price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`booking_id`, `item_id`),
	FOREIGN KEY (`booking_id`) REFERENCES `rent_bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `rent_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `rent_booking_items_item_idx` ON `rent_booking_items` (`item_id`);--> statement-breakpoint
CREATE TABLE `rent_bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`user_id` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`location` text NOT NULL,
	`event_type` text NOT NULL,
	`payment_method` text NOT NULL,
	`status` text NOT NULL,
	`total_cents` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`cancelled_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rent_bookings_reference_unique` ON `rent_bookings` (`reference`);--> statement-breakpoint
CREATE INDEX `rent_bookings_user_id_idx` ON `rent_bookings` (`user_id`);--> statement-breakpoint
CREATE INDEX `rent_bookings_dates_idx` ON `rent_bookings` (`status`,`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `rent_cart_items` (
	`user_id` text NOT NULL,
	`item_id` text NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `item_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `rent_items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `rent_event_drafts` (
	`user_id` text PRIMARY KEY NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`location` text NOT NULL,
	`event_type` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rent_items` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`daily_price_cents` integer NOT NULL,
	`quantity` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "rent_items_quantity_check" CHECK("rent_items"."quantity" >= 0),
	CONSTRAINT "rent_items_price_check" CHECK("rent_items"."daily_price_cents" >= 0)
);
