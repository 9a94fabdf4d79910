CREATE TABLE "annual_filings" (
	"hash" text PRIMARY KEY NOT NULL,
	"org_id" text NOT NULL,
	"year" integer NOT NULL,
	"kind" text NOT NULL,
	"version" integer,
	"signed_by" text NOT NULL,
	"actor" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"claims" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "annual_filings" ADD CONSTRAINT "annual_filings_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "annual_filings_org_year_idx" ON "annual_filings" USING btree ("org_id","year");--> statement-breakpoint
CREATE UNIQUE INDEX "annual_filings_filed_once" ON "annual_filings" USING btree ("org_id","year","version") WHERE kind = 'filed';--> statement-breakpoint
CREATE UNIQUE INDEX "annual_filings_reviewed_once" ON "annual_filings" USING btree ("org_id","year","version") WHERE kind in ('accepted', 'returned');