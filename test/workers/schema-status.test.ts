/**
 * The Worker's schema check (src/store/schema-status.ts, its 503 in src/http/problem.ts) against a real
 * migrated database (PGlite): current when every bundled migration is
 * applied, the missing ones named when the code is newer than the database,
 * `ahead` when the database is newer than the code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { schemaBehindProblem } from '../../src/http/problem.ts';
import { BUNDLED_MIGRATIONS, schemaStatus } from '../../src/store/schema-status.ts';

describe('schema status', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPglite('memory://');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('is current after the migrations, and names them', async () => {
    const s = await schemaStatus(store.db);
    expect(s).toMatchObject({ current: true, missing: [], ahead: false });
    expect(s.expected).toEqual(BUNDLED_MIGRATIONS.map((m) => m.tag));
    expect(s.expected[0]).toBe('0000_core');
    expect(s.appliedUpTo).toBe(BUNDLED_MIGRATIONS.at(-1)!.when);
  });

  it('names what is missing when the code carries a newer migration', async () => {
    const newer = [
      ...BUNDLED_MIGRATIONS,
      { tag: '9999_future', when: BUNDLED_MIGRATIONS.at(-1)!.when + 1 },
    ];
    const s = await schemaStatus(store.db, newer);
    expect(s).toMatchObject({ current: false, missing: ['9999_future'], ahead: false });
    const res = schemaBehindProblem(s, '/api/me');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({
      type: 'urn:pmcert:problem:schema-behind',
      code: 'SCHEMA_BEHIND',
      missing: ['9999_future'],
      instance: '/api/me',
    });
  });

  it('serves on when the database is ahead of the code (migrations are additive), and says so', async () => {
    const s = await schemaStatus(store.db, BUNDLED_MIGRATIONS.slice(0, -1));
    expect(s).toMatchObject({ current: true, ahead: true, missing: [] });
  });
});
