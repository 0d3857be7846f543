CREATE INDEX `annotations_status_idx` ON `annotations` (`status`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `annotations_author_idx` ON `annotations` (`author_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `annotations_updated_idx` ON `annotations` (`updated_at`,`id`);