import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from '../../schema/index.ts';

/** One drizzle database type for both drivers (PGlite and postgres.js). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** An open store: the database plus how to close it (PGlite keeps the process alive until closed). */
export interface Store {
  db: Db;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
}

/** A transaction on either driver, as `db.transaction(fn)` hands it to `fn`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * The rows of a raw `db.execute(sql…)`: postgres.js returns them as an array,
 * PGlite as `{ rows }`. The caller names the shape it selected.
 */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}
