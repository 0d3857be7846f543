CREATE TABLE `organisation` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`url` text,
	`logo_url` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `annotations` ADD `status` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `annotations` ADD `claim_summary` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `annotations` ADD `claim_author` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `claim_appearance_url` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `claim_appearance_date` text;--> statement-breakpoint
ALTER TABLE `verdicts` ADD `rating` integer;--> statement-breakpoint
-- Annotations made before drafts existed were all published: keep them published.
UPDATE `annotations` SET `status` = 'final';--> statement-breakpoint
-- Numeric ratings for the default scale, where an earlier start seeded it without them.
UPDATE `verdicts` SET `rating` = CASE `key` WHEN 'true' THEN 5 WHEN 'mostly-true' THEN 4 WHEN 'mixed' THEN 3 WHEN 'mostly-false' THEN 2 WHEN 'false' THEN 1 END WHERE `rating` IS NULL AND `key` IN ('true', 'mostly-true', 'mixed', 'mostly-false', 'false');
