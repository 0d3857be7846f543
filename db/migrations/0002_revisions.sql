CREATE TABLE `article_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`number` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`plain_text` text NOT NULL,
	`source_url` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `article_revisions_number_idx` ON `article_revisions` (`article_id`,`number`);--> statement-breakpoint
ALTER TABLE `annotations` ADD `text_start` integer;--> statement-breakpoint
ALTER TABLE `annotations` ADD `text_end` integer;--> statement-breakpoint
ALTER TABLE `annotations` ADD `anchor_status` text DEFAULT 'exact' NOT NULL;--> statement-breakpoint
ALTER TABLE `annotations` ADD `anchor_score` real;--> statement-breakpoint
ALTER TABLE `annotations` ADD `anchor_revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Each existing article's current text becomes its first revision.
INSERT INTO `article_revisions` (`article_id`, `number`, `title`, `body`, `plain_text`, `source_url`, `created_at`)
  SELECT `id`, 1, `title`, `body`, `plain_text`, `source_url`, `created_at` FROM `articles`;
