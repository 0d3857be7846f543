ALTER TABLE `annotations` ADD `assigned_to_id` text REFERENCES user(id) ON DELETE set null;--> statement-breakpoint
CREATE INDEX `annotations_assigned_idx` ON `annotations` (`assigned_to_id`);
