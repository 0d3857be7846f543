CREATE INDEX "annotations_status_idx" ON "annotations" USING btree ("status","updated_at","id");--> statement-breakpoint
CREATE INDEX "annotations_author_idx" ON "annotations" USING btree ("author_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "annotations_updated_idx" ON "annotations" USING btree ("updated_at","id");