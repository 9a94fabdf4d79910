import { sql } from 'drizzle-orm';
import journal from '../../schema/migrations/meta/_journal.json' with { type: 'json' };
import { rowsOf, type Db } from './db.ts';

/**
 * Is the database's schema the one this code was built for? Worker-safe: no
 * file reads, the drizzle-kit journal is bundled in, so a Worker (which never
 * migrates: the migrator reads SQL files with node:fs) can refuse to serve
 * instead of failing half-way through a request on a missing column.
 *
 * drizzle's migrator records each applied migration in
 * `drizzle.__drizzle_migrations` with `created_at` = the journal's `when`,
 * and applies exactly the journal entries newer than the newest recorded
 * one; the same rule says which are missing here.
 */
export interface SchemaStatus {
  /** Tags this code expects, oldest first (`0000_core`, …). */
  expected: string[];
  /** The journal `when` of the newest migration the database has applied, or null when it has none. */
  appliedUpTo: number | null;
  /** Journal tags the database has not applied yet: `pmcert migrate` applies them. */
  missing: string[];
  /** The database has a migration newer than this code knows (it was migrated by a newer release). */
  ahead: boolean;
  /** True when nothing is missing. */
  current: boolean;
}

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations this build carries, as drizzle-kit's journal lists them. */
export const BUNDLED_MIGRATIONS: readonly JournalEntry[] = (
  journal as { entries: JournalEntry[] }
).entries.map((e) => ({ tag: e.tag, when: e.when }));

/**
 * Compares the applied migrations with the bundled journal.
 * @example const s = await schemaStatus(db); if (!s.current) console.error(`run pmcert migrate: ${s.missing.join(', ')}`);
 */
export async function schemaStatus(
  db: Db,
  bundled: readonly JournalEntry[] = BUNDLED_MIGRATIONS,
): Promise<SchemaStatus> {
  // to_regclass first: selecting from a table that is not there would be an error, not an answer.
  const [exists] = rowsOf(
    await db.execute(
      sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
    ),
  );
  let appliedUpTo: number | null = null;
  if (exists?.present === true) {
    const [row] = rowsOf(
      await db.execute(
        sql`select max(created_at)::text as newest from drizzle.__drizzle_migrations`,
      ),
    );
    appliedUpTo = row?.newest == null ? null : Number(row.newest);
  }
  const missing = bundled
    .filter((m) => appliedUpTo === null || m.when > appliedUpTo)
    .map((m) => m.tag);
  const newest = bundled.at(-1)?.when ?? 0;
  return {
    expected: bundled.map((m) => m.tag),
    appliedUpTo,
    missing,
    ahead: appliedUpTo !== null && appliedUpTo > newest,
    current: missing.length === 0,
  };
}
