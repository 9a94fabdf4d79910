import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from '../../schema/index.ts';
import type { Db, Store } from './db.ts';
import { MIGRATIONS_FOLDER } from './migrations.ts';

/** Opens embedded PGlite at `dataDir` (a folder, or `memory://`) and applies the migrations. */
export async function openPglite(dataDir: string): Promise<Store> {
  const client = await PGlite.create(dataDir);
  const db = drizzle(client, { schema });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } catch (err) {
    await client.close();
    throw err;
  }
  return { db: db as unknown as Db, driver: 'pglite', close: () => client.close() };
}
