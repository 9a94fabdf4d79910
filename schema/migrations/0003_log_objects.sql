CREATE TABLE "log_objects" (
	"leaf_index" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"hash" text NOT NULL,
	"jws" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "log_objects_hash_unique" UNIQUE("hash")
);
