/**
 * ledger_entries partitioned by year (migration 0002_partition_by_year), on
 * PGlite and PostgreSQL: entries land in their year's partition, a member's
 * place (member_id, seq) stays unique across years, and stragglers in the
 * DEFAULT partition move into a year's partition when it is created.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureYearPartitions } from '../../src/cli/migrate.ts';
import { enroll } from '../../src/service/members.ts';
import { rowsOf, type Store } from '../../src/store/db.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { DRIVERS, openTestStore } from '../support/stores.ts';

for (const driver of DRIVERS) {
  describe(`ledger partitions by year on ${driver}`, () => {
    let store: Store;
    let member: string;
    const q = async (text: string) => rowsOf(await store.db.execute(sql.raw(text)));
    const insertEntry = (seq: number, issuedAt: string, leaf: number) =>
      q(`insert into ledger_entries (member_id, seq, hash, jws, kind, org_id, actor, issued_at, claims, leaf_index)
         values ('${member}', ${seq}, 'test-hash-${seq}-${leaf}', 'x.y.z', 'status', 'b1', 'test', '${issuedAt}', '{}', ${leaf})`);
    const partitionOf = async (seq: number) =>
      (
        await q(
          `select tableoid::regclass::text as p from ledger_entries where member_id = '${member}' and seq = ${seq}`,
        )
      )[0]?.p;

    beforeAll(async () => {
      store = await openTestStore(driver);
      const deps = await testDeps(store); // clock: 2026-03-01
      await seedTree(deps);
      ({ id: member } = await enroll(deps, person(), { org: 'b1', officer: 'test' }));
    });
    afterAll(async () => {
      await store?.close();
    });

    it('is partitioned by range of issued_at, one partition per year and a DEFAULT', async () => {
      const parts = (
        await q(
          `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'ledger_entries'::regclass order by 1`,
        )
      ).map((r) => r.name);
      expect(parts).toEqual(
        expect.arrayContaining([
          'ledger_entries_default',
          'ledger_entries_y2024',
          'ledger_entries_y2026',
          'ledger_entries_y2028',
        ]),
      );
      expect(await partitionOf(1)).toBe('ledger_entries_y2026');
      expect(
        await q(`select count(*)::int as n from ledger_positions where member_id = '${member}'`),
      ).toEqual([{ n: 1 }]);
    });

    it('refuses a second entry for the same (member, seq), even dated in another year', async () => {
      await expect(insertEntry(1, '2027-06-01T00:00:00Z', 900001)).rejects.toThrow();
      expect(
        await q(
          `select count(*)::int as n from ledger_entries where member_id = '${member}' and seq = 1`,
        ),
      ).toEqual([{ n: 1 }]);
    });

    it('moves entries that fell into DEFAULT into a year partition when it is created, positions intact', async () => {
      await insertEntry(50, '2031-02-03T00:00:00Z', 900002);
      expect(await partitionOf(50)).toBe('ledger_entries_default');
      expect(await q('select pmc_ensure_ledger_partition(2031) as created')).toEqual([
        { created: true },
      ]);
      expect(await q('select pmc_ensure_ledger_partition(2031) as created')).toEqual([
        { created: false },
      ]);
      expect(await partitionOf(50)).toBe('ledger_entries_y2031');
      expect(
        await q(
          `select count(*)::int as n from ledger_positions where member_id = '${member}' and seq = 50`,
        ),
      ).toEqual([{ n: 1 }]);
      await expect(insertEntry(50, '2026-06-01T00:00:00Z', 900003)).rejects.toThrow();
    });

    it('pmcert migrate makes this year’s and next year’s partitions', async () => {
      expect(await ensureYearPartitions(store.db, new Date('2033-05-01T00:00:00Z'))).toEqual([
        2033, 2034,
      ]);
      expect(await ensureYearPartitions(store.db, new Date('2033-05-01T00:00:00Z'))).toEqual([]);
    });
  });
}
