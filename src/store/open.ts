import type { Store } from './db.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

/** PostgreSQL when `DATABASE_URL` is set, else embedded PGlite in `dataDir`. */
export async function openStore(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Store> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir);
}
