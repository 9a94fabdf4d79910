ALTER TABLE "log_checkpoints" ADD COLUMN "signed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "log_checkpoints_signed_at" ON "log_checkpoints" USING btree ("signed_at");