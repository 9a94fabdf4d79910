import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from '../../schema/index.ts';
import type { Db, Store } from './db.ts';
import { MIGRATIONS_FOLDER } from './migrations.ts';

/** Connects to PostgreSQL at `url` and applies the migrations (from Node; a Worker never migrates). */
export async function openPostgres(
  url: string,
  opts: { max?: number; migrate?: boolean } = {},
): Promise<Store> {
  const client = postgres(url, { max: opts.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema });
  try {
    if (opts.migrate !== false) await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await client.end();
    throw err;
  }
  return { db: db as unknown as Db, driver: 'postgres', close: () => client.end({ timeout: 5 }) };
}
