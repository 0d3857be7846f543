CREATE TABLE `publications` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`headline` text DEFAULT '' NOT NULL,
	`conclusion` text DEFAULT '' NOT NULL,
	`display` text DEFAULT 'full' NOT NULL,
	`external_url` text,
	`byline_type` text DEFAULT 'Person' NOT NULL,
	`unpublished_at` text,
	`unpublish_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `publications_slug_unique` ON `publications` (`slug`);--> statement-breakpoint
CREATE TABLE `published_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`number` integer NOT NULL,
	`snapshot` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`published_by_id` text,
	`published_by_name` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`published_by_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `published_versions_number_idx` ON `published_versions` (`article_id`,`number`);--> statement-breakpoint
-- A published version is what readers saw: it is never changed (a correction is the next version).
CREATE TRIGGER `published_versions_immutable` BEFORE UPDATE ON `published_versions` BEGIN SELECT RAISE(ABORT, 'A published version cannot be changed'); END;--> statement-breakpoint
ALTER TABLE `organisation` ADD `public_url` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `methodology_url` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `corrections_policy_url` text;