import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { rowsOf, type Db } from '../store/db.ts';
import { MIGRATIONS_FOLDER } from '../store/migrations.ts';
import { openPglite } from '../store/pglite.ts';
import { openPostgres } from '../store/postgres.ts';
import { schemaStatus, type SchemaStatus } from '../store/schema-status.ts';
import { dataDirOf, type CliEnv } from './context.ts';

/** Any number; the same in every `pmcert migrate`, so two of them at once take turns instead of racing. */
const MIGRATE_LOCK = 7263727;

const describe = (s: SchemaStatus): string =>
  s.current
    ? `schema current: ${s.expected.length} migration(s), newest ${s.expected.at(-1)}${s.ahead ? ' (the database also has newer migrations than this release knows)' : ''}`
    : `schema behind: ${s.missing.length} of ${s.expected.length} migration(s) not applied: ${s.missing.join(', ')}`;

/**
 * `pmcert migrate`: applies the drizzle-kit migrations in schema/migrations to
 * the database, then prints its status. A Worker never migrates (the migrator
 * reads the SQL files from disk); it refuses to serve until this has run.
 * `--status` only reports: exit 0 when current, 1 when behind.
 */
export async function runMigrate(
  f: { status: boolean; data?: string | undefined },
  cli: CliEnv,
): Promise<number> {
  const url = cli.env.DATABASE_URL;
  if (!url) {
    // Embedded PGlite migrates whenever it is opened; this makes that explicit.
    const dir = join(dataDirOf(f.data, cli.env), 'pglite');
    const store = await openPglite(dir);
    try {
      cli.out(`PGlite at ${dir}: ${describe(await schemaStatus(store.db))}`);
      return 0;
    } finally {
      await store.close();
    }
  }
  const where = redact(url);
  const store = await openPostgres(url, { max: 1, migrate: false });
  const lock = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const before = await schemaStatus(store.db);
    if (f.status) {
      cli.out(`${where}: ${describe(before)}`);
      for (const l of await partitionReport(store.db)) cli.out(`  ${l}`);
      return before.current ? 0 : 1;
    }
    await lock`select pg_advisory_lock(${MIGRATE_LOCK})`;
    const started = performance.now();
    if (before.current) {
      cli.out(`${where}: ${describe(before)}; nothing to apply`);
    } else {
      cli.out(`${where}: applying ${before.missing.join(', ')}`);
      await migrate(store.db as unknown as Parameters<typeof migrate>[0], {
        migrationsFolder: MIGRATIONS_FOLDER,
      });
    }
    const made = await ensureYearPartitions(store.db, new Date());
    if (made.length > 0) cli.out(`  created ledger partition(s) for ${made.join(', ')}`);
    const after = await schemaStatus(store.db as Db);
    if (!before.current)
      cli.out(`${where}: ${describe(after)} (${Math.round(performance.now() - started)} ms)`);
    for (const l of await partitionReport(store.db)) cli.out(`  ${l}`);
    return after.current ? 0 : 1;
  } catch (err) {
    cli.err(`migrate failed at ${where}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await lock.end();
    await store.close();
  }
}

/**
 * ledger_entries is partitioned by year (migration 0002): make sure this
 * year's and next year's partitions exist, so entries never pile up in the
 * DEFAULT partition. Run `pmcert migrate` at least once a year (any time in
 * the year before); it is idempotent.
 */
export async function ensureYearPartitions(db: Db, now: Date): Promise<number[]> {
  const [fn] = rowsOf(
    await db.execute(
      sql`select to_regprocedure('pmc_ensure_ledger_partition(integer)') is not null as present`,
    ),
  );
  if (fn?.present !== true) return [];
  const made: number[] = [];
  for (const y of [now.getUTCFullYear(), now.getUTCFullYear() + 1]) {
    const [r] = rowsOf(
      await db.execute(sql`select pmc_ensure_ledger_partition(${y}::int) as created`),
    );
    if (r?.created === true) made.push(y);
  }
  return made;
}

/** One line per ledger partition: its range and rows (estimated from the planner's statistics), DEFAULT flagged when not empty. */
async function partitionReport(db: Db): Promise<string[]> {
  const parts = rowsOf(
    await db.execute(sql`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound, greatest(c.reltuples, 0)::bigint::text as rows,
      pg_total_relation_size(c.oid)::text as bytes
      from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = to_regclass('ledger_entries') order by c.relname`),
  );
  if (parts.length === 0) return [];
  const [def] = rowsOf(
    await db.execute(
      sql`select count(*)::int as n from (select 1 from ledger_entries_default limit 1000) d`,
    ),
  );
  const lines = parts.map(
    (p) =>
      `${String(p.name).padEnd(24)} ${String(p.bound).replace(/^FOR VALUES /, '')}  ~${p.rows} rows, ${Math.round(Number(p.bytes) / 1024)} KiB`,
  );
  if (Number(def?.n ?? 0) > 0)
    lines.push(
      `warning: ${def!.n}${Number(def!.n) >= 1000 ? '+' : ''} entries sit in ledger_entries_default: run \`pmcert migrate\` in the year they belong to, or call pmc_ensure_ledger_partition(year)`,
    );
  return lines;
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
