CREATE TABLE "dues_batches" (
	"id" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"month" text NOT NULL,
	"n" integer NOT NULL,
	"hash" text NOT NULL,
	"line_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"actor" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dues_batches_hash_unique" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "dues_lines" (
	"batch_id" text NOT NULL,
	"idx" integer NOT NULL,
	"member_id" text NOT NULL,
	"month" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"base_fen" bigint NOT NULL,
	"rate_bp" integer NOT NULL,
	"kind" text NOT NULL,
	"replaces" text,
	CONSTRAINT "dues_lines_batch_id_idx_pk" PRIMARY KEY("batch_id","idx")
);
--> statement-breakpoint
CREATE TABLE "dues_profiles" (
	"member_id" text PRIMARY KEY NOT NULL,
	"base_fen" bigint NOT NULL,
	"kind" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dues_batches" ADD CONSTRAINT "dues_batches_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_lines" ADD CONSTRAINT "dues_lines_batch_id_dues_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."dues_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_lines" ADD CONSTRAINT "dues_lines_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dues_profiles" ADD CONSTRAINT "dues_profiles_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dues_batches_org_month_n_idx" ON "dues_batches" USING btree ("org_id","month","n");--> statement-breakpoint
CREATE INDEX "dues_lines_member_idx" ON "dues_lines" USING btree ("member_id","month");--> statement-breakpoint
CREATE UNIQUE INDEX "dues_lines_replaces_idx" ON "dues_lines" USING btree ("replaces");