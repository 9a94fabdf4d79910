import { parseArgs } from 'node:util';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Db } from '../store/db.ts';
import { MIGRATIONS_FOLDER } from '../store/migrations.ts';
import { openPglite } from '../store/pglite.ts';
import { openPostgres } from '../store/postgres.ts';
import { schemaStatus, type SchemaStatus } from '../store/schema-status.ts';
import { dataDirOf, type CliEnv } from './context.ts';
import { join } from 'node:path';

const USAGE = 'pmcert migrate [--status] [--data DIR]   (PostgreSQL at DATABASE_URL, else embedded PGlite in --data)';

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
export async function runMigrate(argv: string[], cli: CliEnv): Promise<number> {
  let f;
  try {
    f = parseArgs({ args: argv, options: { status: { type: 'boolean' }, data: { type: 'string' } }, strict: true }).values;
  } catch (err) {
    cli.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
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
      return before.current ? 0 : 1;
    }
    if (before.current) {
      cli.out(`${where}: ${describe(before)}; nothing to apply`);
      return 0;
    }
    cli.out(`${where}: applying ${before.missing.join(', ')}`);
    await lock`select pg_advisory_lock(${MIGRATE_LOCK})`;
    const started = performance.now();
    await migrate(store.db as unknown as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_FOLDER });
    const after = await schemaStatus(store.db as Db);
    cli.out(`${where}: ${describe(after)} (${Math.round(performance.now() - started)} ms)`);
    return after.current ? 0 : 1;
  } catch (err) {
    cli.err(`migrate failed at ${where}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  } finally {
    await lock.end();
    await store.close();
  }
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
