-- The live desk: a per-article change sequence on articles and events, and per-person notifications.
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`type` text NOT NULL,
	`article_id` integer NOT NULL,
	`annotation_id` text,
	`comment_id` text,
	`event_id` integer NOT NULL,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`article_id`) REFERENCES `articles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`annotation_id`) REFERENCES `annotations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
DROP INDEX `events_article_idx`;--> statement-breakpoint
ALTER TABLE `events` ADD `seq` integer;--> statement-breakpoint
ALTER TABLE `articles` ADD `change_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill (hand-written): existing events are numbered 1, 2, 3, … per article in id order
-- (their commit order, SQLite having had one writer). The history is append-only, so its
-- update trigger steps aside for this one statement and comes back unchanged.
DROP TRIGGER `events_append_only_update`;--> statement-breakpoint
UPDATE `events` SET `seq` = `numbered`.`n`
FROM (SELECT `id`, row_number() OVER (PARTITION BY `article_id` ORDER BY `id`) AS `n` FROM `events` WHERE `article_id` IS NOT NULL) AS `numbered`
WHERE `numbered`.`id` = `events`.`id`;--> statement-breakpoint
CREATE TRIGGER `events_append_only_update` BEFORE UPDATE ON `events` BEGIN SELECT RAISE(ABORT, 'The history is append-only'); END;--> statement-breakpoint
CREATE UNIQUE INDEX `events_article_seq_idx` ON `events` (`article_id`,`seq`);--> statement-breakpoint
UPDATE `articles` SET `change_seq` = coalesce((SELECT max(`e`.`seq`) FROM `events` `e` WHERE `e`.`article_id` = `articles`.`id`), 0);
