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
