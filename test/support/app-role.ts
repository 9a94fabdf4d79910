import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Store } from '../../src/store/db.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { createTestDatabase } from './stores.ts';

/**
 * The statements of docs/grants.sql (the application role's privileges, the one
 * source of truth), for the role `role`: comment lines dropped, split at a `;`
 * ending a line — the file's own stated format.
 */
export function grantStatements(role: string): string[] {
  const text = readFileSync(new URL('../../docs/grants.sql', import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('--'))
    .join('\n')
    .split(/;[ \t]*$/m)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s.replaceAll('pmcert_app', role));
}

const admin = () => postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });

/** Creates a login role with a random name (roles are cluster-wide); drop it with the returned function. */
export async function createAppRole(): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `pmc_app_${randomBytes(5).toString('hex')}`;
  const a = admin();
  await a.unsafe(`CREATE ROLE ${name} LOGIN PASSWORD 'x'`);
  await a.end();
  return {
    name,
    drop: async () => {
      const b = admin();
      await b.unsafe(`DROP ROLE IF EXISTS ${name}`);
      await b.end();
    },
  };
}

/** Applies docs/grants.sql for `role`, connected as the owner (`url`). */
export async function applyGrants(url: string, role: string): Promise<void> {
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  try {
    for (const s of grantStatements(role)) await owner.unsafe(s);
  } finally {
    await owner.end();
  }
}

export interface AppRoleStores {
  /** The database as its owner (migrations, `pmcert init`, what the CLI does). */
  owner: Store;
  /** The same database as the application role, with only docs/grants.sql's privileges. */
  app: Store;
  role: string;
  /** URLs, for raw connections. */
  ownerUrl: string;
  appUrl: string;
  close(): Promise<void>;
}

/**
 * A fresh PostgreSQL database migrated by its owner, and a new application
 * role holding exactly docs/grants.sql: the app runs as that role, the set-up
 * that is the owner's job (`pmcert init`) as the owner. Needs DATABASE_URL.
 */
export async function openAppRoleStores(): Promise<AppRoleStores> {
  const db = await createTestDatabase();
  const role = await createAppRole();
  const owner = await openPostgres(db.url, { max: 4 });
  await applyGrants(db.url, role.name);
  const appUrl = new URL(db.url);
  appUrl.username = role.name;
  appUrl.password = 'x';
  const app = await openPostgres(appUrl.toString(), { max: 10, migrate: false });
  return {
    owner,
    app,
    role: role.name,
    ownerUrl: db.url,
    appUrl: appUrl.toString(),
    close: async () => {
      await app.close();
      await owner.close();
      await db.drop();
      await role.drop();
    },
  };
}
