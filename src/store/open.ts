import type { Store } from './db.ts';

/**
 * PostgreSQL when `DATABASE_URL` is set, else embedded PGlite in `dataDir`.
 * Each driver is imported only when used: a PGlite command never loads
 * postgres.js, and a command that prints its help loads neither.
 */
export async function openStore(opts: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): Promise<Store> {
  return opts.databaseUrl
    ? (await import('./postgres.ts')).openPostgres(opts.databaseUrl)
    : (await import('./pglite.ts')).openPglite(opts.dataDir);
}
