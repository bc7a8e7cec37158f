CREATE TABLE `dj_daily_stats` (
	`user_id` text NOT NULL,
	`device_id` text NOT NULL,
	`day` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`plays` integer DEFAULT 0 NOT NULL,
	`played_sec` real DEFAULT 0 NOT NULL,
	`transitions` integer DEFAULT 0 NOT NULL,
	`harmonic_transitions` integer DEFAULT 0 NOT NULL,
	`fader_moves` integer DEFAULT 0 NOT NULL,
	`crossfader_moves` integer DEFAULT 0 NOT NULL,
	`eq_moves` integer DEFAULT 0 NOT NULL,
	`energy_wh` real DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`accessory_warnings` integer DEFAULT 0 NOT NULL,
	`heartbeats` integer DEFAULT 0 NOT NULL,
	`max_cpu_temp_c` real,
	`dropped_events` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`last_batch_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `device_id`, `day`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dj_daily_stats_day_idx` ON `dj_daily_stats` (`day`);--> statement-breakpoint
CREATE TABLE `dj_plays` (
	`device_id` text NOT NULL,
	`play_id` text NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`deck` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`played_sec` real NOT NULL,
	`bpm` real,
	`camelot_key` text,
	`genre` text,
	`cloud_track_id` text,
	`title` text,
	`artist` text,
	`duration_sec` real,
	PRIMARY KEY(`device_id`, `play_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dj_plays_user_started_idx` ON `dj_plays` (`user_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `dj_plays_session_idx` ON `dj_plays` (`device_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `dj_sessions` (
	`device_id` text NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	`end_reason` text,
	`last_activity_at` integer NOT NULL,
	`plays` integer DEFAULT 0 NOT NULL,
	`played_sec` real DEFAULT 0 NOT NULL,
	`transitions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`device_id`, `session_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dj_sessions_user_started_idx` ON `dj_sessions` (`user_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `dj_transitions` (
	`device_id` text NOT NULL,
	`outgoing_play_id` text NOT NULL,
	`incoming_play_id` text NOT NULL,
	`session_id` text NOT NULL,
	`user_id` text NOT NULL,
	`at` integer NOT NULL,
	`from_deck` integer NOT NULL,
	`to_deck` integer NOT NULL,
	`tempo_delta_pct` real,
	`camelot_relation` text NOT NULL,
	`overlap_beats` real NOT NULL,
	`phrase_aligned` integer NOT NULL,
	`bass_swap_sec` real,
	PRIMARY KEY(`device_id`, `outgoing_play_id`, `incoming_play_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dj_transitions_user_at_idx` ON `dj_transitions` (`user_id`,`at`);--> statement-breakpoint
CREATE INDEX `dj_transitions_session_idx` ON `dj_transitions` (`device_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `telemetry_batches` (
	`device_id` text NOT NULL,
	`batch_id` text NOT NULL,
	`ingest_id` text NOT NULL,
	`sent_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`event_count` integer NOT NULL,
	`body` blob NOT NULL,
	`body_encoding` text NOT NULL,
	PRIMARY KEY(`device_id`, `batch_id`),
	FOREIGN KEY (`device_id`) REFERENCES `devices`(`id`) ON UPDATE no action ON DELETE cascade
);
