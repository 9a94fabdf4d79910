import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import type { Store } from '../../src/store/db.ts';

/**
 * The storage backends every storage test runs on: embedded PGlite always,
 * real PostgreSQL when DATABASE_URL is set. CI sets it (.ci/run).
 */
export const DRIVERS: Store['driver'][] = process.env.DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/** A URL for a fresh database on the server in DATABASE_URL, created now; drop it with the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set');
  const name = `pmc_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Opens a fresh, migrated store of the given kind; `close()` also drops a PostgreSQL test database. */
export async function openTestStore(driver: Store['driver']): Promise<Store> {
  if (driver === 'pglite') return openPglite('memory://');
  const { url, drop } = await createTestDatabase();
  const store = await openPostgres(url, { max: 10 });
  return {
    ...store,
    close: async () => {
      await store.close();
      await drop();
    },
  };
}
