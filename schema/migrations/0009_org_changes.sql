ALTER TABLE "organisations" ADD COLUMN "moves" jsonb;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "dissolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;