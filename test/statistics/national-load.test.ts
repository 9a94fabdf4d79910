import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNational } from '../../bench/national/load.ts';
import { planNational } from '../../bench/national/plan.ts';
import { fsck } from '../../src/service/fsck.ts';
import { computeAllFigures } from '../../src/service/statistics-all.ts';
import { computeFigures } from '../../src/service/statistics.ts';
import type { Store } from '../../src/store/db.ts';
import { testClock, testDeps } from '../support/deps.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * The national bench's bulk loader (bench/national/load.ts) on a small run:
 * what it writes is real data, so fsck finds nothing wrong (signatures, chains,
 * ledger rules, heads, credentials, the log against its checkpoint), and the
 * one-pass figures equal each org's own on it.
 */
describe.skipIf(!process.env.DATABASE_URL)('the national loader on a small run (postgres)', () => {
  let store: Store;
  let client: postgres.Sql;
  let deps: Awaited<ReturnType<typeof testDeps>>;
  let report: Awaited<ReturnType<typeof loadNational>>;

  beforeAll(async () => {
    store = await openTestStore('postgres');
    const url = (store.db as unknown as { $client: { options: { database: string } } }).$client
      .options.database;
    client = postgres({ ...hostOf(process.env.DATABASE_URL!), database: url, max: 6 });
    deps = await testDeps(store, testClock('2024-01-01T00:00:00Z'));
    const plan = planNational({ orgs: 60, members: 1_000, entries: 5_000, seed: 7 });
    report = await loadNational(deps, client, plan, { seed: 7 });
    deps.clock.set('2027-01-10T09:00:00Z');
  }, 180_000);
  afterAll(async () => {
    await client?.end({ timeout: 5 });
    await store?.close();
  });

  it('loads real data that fsck accepts', async () => {
    expect(report.entries).toBeGreaterThan(4_000);
    expect(report.refused).toBe(0);
    expect(report.duesBatches).toBeGreaterThan(0);
    const f = await fsck(deps);
    expect(f.problems).toEqual([]);
    expect(f.checked).toMatchObject({
      members: 1_000,
      entries: report.entries,
      objects: report.duesBatches,
      leaves: report.leaves,
      checkpoints: 1,
    });
  }, 120_000);

  it('gives the one-pass figures each org’s own', async () => {
    const all = await computeAllFigures(deps, 2026, { chunk: 97 });
    for (const org of ['root', 'c0', 'k0', 'k1', 'z0', 'b0', 'b1'])
      expect(all.get(org), org).toEqual(await computeFigures(deps, org, 2026));
    expect(all.get('root')!.dues.recorded).toBe(true);
    expect(all.get('root')!.transfers.arrivals).toBeGreaterThan(0);
  }, 120_000);
});

function hostOf(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), username: u.username || 'postgres' };
}
