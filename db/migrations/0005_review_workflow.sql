CREATE TABLE `comment_mentions` (
	`comment_id` text NOT NULL,
	`user_id` text NOT NULL,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `comment_mentions_pk` ON `comment_mentions` (`comment_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `comment_mentions_user_idx` ON `comment_mentions` (`user_id`);--> statement-breakpoint
CREATE TABLE `comments` (
	`id` text PRIMARY KEY NOT NULL,
	`annotation_id` text NOT NULL,
	`author_id` text,
	`author_name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`deleted_at` text,
	FOREIGN KEY (`annotation_id`) REFERENCES `annotations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `comments_annotation_idx` ON `comments` (`annotation_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer,
	`annotation_id` text,
	`actor_id` text,
	`actor_name` text NOT NULL,
	`type` text NOT NULL,
	`before` text,
	`after` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_annotation_idx` ON `events` (`annotation_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_article_idx` ON `events` (`article_id`,`id`);--> statement-breakpoint
ALTER TABLE `annotations` ADD `previous_exact` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `discussion_resolved_at` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `discussion_resolved_by` text;--> statement-breakpoint
ALTER TABLE `organisation` ADD `allow_self_approval` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `verdicts` ADD `requires_evidence` integer DEFAULT true NOT NULL;--> statement-breakpoint
UPDATE `verdicts` SET `requires_evidence` = 0 WHERE `key` IN ('not-a-claim', 'unverifiable');--> statement-breakpoint
INSERT INTO `events` (`article_id`, `annotation_id`, `actor_id`, `actor_name`, `type`, `before`, `after`, `created_at`)
  SELECT `article_id`, `id`, NULL, 'Fact-check editor', 'annotation.status', json_object('status', 'final'), json_object('status', 'approved', 'via', 'migration'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM `annotations` WHERE `status` = 'final';--> statement-breakpoint
UPDATE `annotations` SET `status` = 'approved' WHERE `status` = 'final';--> statement-breakpoint
CREATE TRIGGER `events_append_only_update` BEFORE UPDATE ON `events` BEGIN SELECT RAISE(ABORT, 'The history is append-only'); END;--> statement-breakpoint
CREATE TRIGGER `events_append_only_delete` BEFORE DELETE ON `events` BEGIN SELECT RAISE(ABORT, 'The history is append-only'); END;
