ALTER TABLE `invites` ADD `revoked_at` text;--> statement-breakpoint
ALTER TABLE `invites` ADD `token_sealed` text;