ALTER TABLE `annotations` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `annotations` ADD `needs_verdict` integer DEFAULT 0 NOT NULL;