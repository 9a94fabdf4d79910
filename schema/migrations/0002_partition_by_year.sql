-- Custom SQL migration file, put your code below! --
-- ledger_entries, declaratively partitioned by year of issued_at (UTC): one
-- partition per calendar year plus a DEFAULT one, so no write is ever refused
-- for its date. Past years never change again (the ledger is append-only), so
-- their partitions can be frozen, moved to cheaper storage or archived whole;
-- this year's stays small and hot. drizzle-kit cannot express partitioning,
-- hence this hand-written migration (docs/deploy.md, "Partitioning").
--
-- Uniqueness. PostgreSQL requires every unique index of a partitioned table to
-- include the partition key, so the primary key becomes
-- (member_id, seq, issued_at) — which alone would let two entries claim the
-- same place in a member's chain with different times. The chain's guarantee
-- is kept outside the partitions: ledger_positions (member_id, seq), one narrow
-- row per entry, is maintained by a trigger in the same transaction, and its
-- primary key refuses a second entry for a (member, seq) whatever its year.
-- (The members row's conditional update `WHERE seq = expected` already
-- serialises every append through the service; this keeps the guarantee for
-- any other writer, as the old primary key did.) The entry hash covers the
-- JWS, whose claims hold sub and seq, so equal hashes imply equal positions;
-- leaf indexes are unique in log_leaves' primary key. Both keep per-year
-- unique indexes (with issued_at) for look-ups.
ALTER TABLE "ledger_entries" RENAME TO "ledger_entries_unpartitioned";
--> statement-breakpoint
ALTER TABLE "ledger_entries_unpartitioned" DROP CONSTRAINT "ledger_entries_member_id_members_id_fk";
--> statement-breakpoint
DROP INDEX "ledger_entries_org_kind_idx";
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"member_id" text NOT NULL,
	"seq" integer NOT NULL,
	"hash" text NOT NULL,
	"jws" text NOT NULL,
	"kind" text NOT NULL,
	"org_id" text NOT NULL,
	"actor" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"claims" jsonb NOT NULL,
	"leaf_index" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_member_id_seq_issued_at_pk" PRIMARY KEY("member_id","seq","issued_at"),
	CONSTRAINT "ledger_entries_hash_issued_at_unique" UNIQUE("hash","issued_at"),
	CONSTRAINT "ledger_entries_leaf_index_issued_at_unique" UNIQUE("leaf_index","issued_at")
) PARTITION BY RANGE ("issued_at");
--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "ledger_entries_org_kind_idx" ON "ledger_entries" USING btree ("org_id","kind");
--> statement-breakpoint
CREATE TABLE "ledger_entries_default" PARTITION OF "ledger_entries" DEFAULT;
--> statement-breakpoint
CREATE TABLE "ledger_positions" (
	"member_id" text NOT NULL,
	"seq" integer NOT NULL,
	CONSTRAINT "ledger_positions_pk" PRIMARY KEY("member_id","seq")
);
--> statement-breakpoint
CREATE FUNCTION pmc_ledger_positions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A row moved between partitions (an UPDATE of issued_at across a year) arrives as DELETE then INSERT.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ledger_positions (member_id, seq) VALUES (NEW.member_id, NEW.seq);
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM ledger_positions WHERE member_id = OLD.member_id AND seq = OLD.seq;
  ELSIF (NEW.member_id, NEW.seq) IS DISTINCT FROM (OLD.member_id, OLD.seq) THEN
    UPDATE ledger_positions SET member_id = NEW.member_id, seq = NEW.seq WHERE member_id = OLD.member_id AND seq = OLD.seq;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "ledger_entries_positions" AFTER INSERT OR DELETE OR UPDATE OF "member_id", "seq" ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION pmc_ledger_positions();
--> statement-breakpoint
-- Creates the partition for calendar year y (UTC) unless it exists; rows that
-- had fallen into the DEFAULT partition for that year move into it. Returns
-- true when it created one. `pmcert migrate` calls it for this year and the next.
CREATE FUNCTION pmc_ensure_ledger_partition(y integer) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  part text := format('ledger_entries_y%s', y);
  lo timestamptz := make_timestamptz(y, 1, 1, 0, 0, 0, 'UTC');
  hi timestamptz := make_timestamptz(y + 1, 1, 1, 0, 0, 0, 'UTC');
BEGIN
  IF to_regclass(part) IS NOT NULL THEN
    RETURN false;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM ledger_entries_default WHERE issued_at >= lo AND issued_at < hi) THEN
    EXECUTE format('CREATE TABLE %I PARTITION OF ledger_entries FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
    RETURN true;
  END IF;
  -- Stragglers in DEFAULT: take them out (their positions go with them), attach, put the positions back.
  EXECUTE format('CREATE TABLE %I (LIKE ledger_entries INCLUDING DEFAULTS)', part);
  EXECUTE format('WITH moved AS (DELETE FROM ledger_entries_default WHERE issued_at >= $1 AND issued_at < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved', part) USING lo, hi;
  EXECUTE format('ALTER TABLE ledger_entries ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
  EXECUTE format('INSERT INTO ledger_positions (member_id, seq) SELECT member_id, seq FROM %I', part);
  RETURN true;
END $$;
--> statement-breakpoint
SELECT pmc_ensure_ledger_partition(y) FROM generate_series(2024, 2028) AS y;
--> statement-breakpoint
INSERT INTO "ledger_entries" ("member_id", "seq", "hash", "jws", "kind", "org_id", "actor", "issued_at", "claims", "leaf_index", "created_at")
  SELECT "member_id", "seq", "hash", "jws", "kind", "org_id", "actor", "issued_at", "claims", "leaf_index", "created_at"
  FROM "ledger_entries_unpartitioned" ORDER BY "leaf_index";
--> statement-breakpoint
DROP TABLE "ledger_entries_unpartitioned";
