CREATE TABLE `annotations` (
	`id` text PRIMARY KEY NOT NULL,
	`article_id` integer NOT NULL,
	`anchor_from` integer NOT NULL,
	`anchor_to` integer NOT NULL,
	`exact` text NOT NULL,
	`prefix` text DEFAULT '' NOT NULL,
	`suffix` text DEFAULT '' NOT NULL,
	`verdict_key` text NOT NULL,
	`rationale` text DEFAULT '' NOT NULL,
	`author_name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`verdict_key`) REFERENCES `verdicts`(`key`) ON UPDATE cascade ON DELETE no action,
	CONSTRAINT "annotations_range_check" CHECK("annotations"."anchor_from" >= 0 AND "annotations"."anchor_to" > "annotations"."anchor_from")
);
--> statement-breakpoint
CREATE INDEX `annotations_article_idx` ON `annotations` (`article_id`,`anchor_from`);--> statement-breakpoint
CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`source_url` text,
	`byline` text,
	`published_at` text,
	`body` text NOT NULL,
	`plain_text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`annotation_id` text NOT NULL,
	`url` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`excerpt` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`annotation_id`) REFERENCES `annotations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evidence_order_idx` ON `evidence` (`annotation_id`,`position`);--> statement-breakpoint
CREATE TABLE `verdicts` (
	`key` text PRIMARY KEY NOT NULL,
	`label` text NOT NULL,
	`colour` text NOT NULL,
	`icon` text DEFAULT '' NOT NULL,
	`position` integer NOT NULL
);
