import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../src/domain/kinds/index.ts';
import type { DuesRow } from '../../src/domain/dues-record.ts';
import { recordDues } from '../../src/service/dues.ts';
import { endorse } from '../../src/service/endorse.ts';
import { enroll } from '../../src/service/members.ts';
import { addOrg } from '../../src/service/orgs.ts';
import { computeFigures } from '../../src/service/statistics.ts';
import { computeAllFigures } from '../../src/service/statistics-all.ts';
import type { Store } from '../../src/store/db.ts';
import { committedSize } from '../../src/store/log.ts';
import { loadTree } from '../../src/store/queries.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * Every org's figures in one pass (computeAllFigures) against each org's own
 * computation (computeFigures), on a real ledger with transfers in and out of
 * subtrees, 证明信, a death, a member still in transit and dues, on each driver;
 * read in chunks of two members so that members straddle chunk boundaries.
 */
export function runAllFiguresSuite(driver: Store['driver']) {
  describe(`every org's figures in one pass on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    const ids: Record<string, string> = {};
    let sizeMidYear = 0;
    const officer = (org: string) => ({ org, officer: 'officer-1' });
    const sign = async (who: string, org: string, intent: Exclude<Intent, { kind: 'enroll' }>) =>
      endorse(deps, { memberId: ids[who]!, intent, actor: officer(org) });
    const at = (iso: string) => deps.clock.set(`${iso}T09:00:00Z`);
    const paid = (r: number, member: string, amount = '40.00'): DuesRow => ({
      row: r,
      member,
      kind: '在职',
      base: '4000.00',
      amount,
    });

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store);
      at('2025-01-05');
      await seedTree(deps); // root → c1 {b1, b2}; c2 {b3}
      await addOrg(deps, { id: 'g1', name: '第一党小组', type: 'group', parent: 'b1' });
      at('2025-06-01');
      for (const [who, org] of [
        ['A', 'b1'],
        ['B', 'g1'],
        ['C', 'b3'],
        ['D', 'b2'],
        ['F', 'b2'],
        ['G', 'b3'],
        ['H', 'b1'],
      ] as const)
        ids[who] = (await enroll(deps, person({ org }), officer(org))).id;
      at('2026-01-15');
      await recordDues(
        deps,
        { org: 'b2', month: '2026-01', rows: [paid(2, ids.D!)] },
        officer('b2'),
      );
      await recordDues(
        deps,
        { org: 'b1', month: '2026-01', rows: [paid(2, ids.A!), paid(3, ids.H!)] },
        officer('b1'),
      );
      await recordDues(
        deps,
        { org: 'g1', month: '2026-01', rows: [paid(2, ids.B!, '0')] },
        officer('g1'),
      );
      at('2026-02-01');
      ids.E = (
        await enroll(
          deps,
          person({ org: 'b2', joined: '2026-01-20', category: 'probationary' }),
          officer('b2'),
        )
      ).id;
      at('2026-02-10');
      await sign('H', 'b1', {
        kind: 'status',
        change: 'stopped',
        date: '2026-02-10',
        reason: '依规定',
      });
      at('2026-03-01');
      await sign('A', 'b1', { kind: 'transfer_out', to: 'b3', reason: '工作调动' });
      at('2026-03-10');
      await sign('A', 'b3', { kind: 'arrival' });
      at('2026-04-01');
      await sign('C', 'b3', { kind: 'transfer_out', to: 'g1', reason: '工作调动' });
      at('2026-05-01');
      await sign('D', 'b2', { kind: 'temp_out', until: '2026-07-01' });
      at('2026-06-01');
      await sign('C', 'g1', { kind: 'arrival' }); // late
      at('2026-06-15');
      await sign('D', 'b2', { kind: 'temp_return' });
      await recordDues(
        deps,
        { org: 'b2', month: '2026-06', rows: [paid(2, ids.E!)] },
        officer('b2'),
      );
      sizeMidYear = await committedSize(deps.db);
      at('2026-08-01');
      await sign('F', 'b2', { kind: 'temp_out', until: '2026-10-01' }); // never signed back
      await sign('G', 'b3', { kind: 'transfer_out', to: 'b1', reason: '学习深造' }); // never arrives
      at('2026-09-10');
      await sign('H', 'b1', {
        kind: 'status',
        change: 'restored',
        date: '2026-09-10',
        reason: '依规定',
      });
      at('2026-10-01');
      await sign('B', 'g1', { kind: 'transfer_out', to: 'b2', reason: '工作调动' });
      at('2026-10-20');
      await sign('B', 'b2', { kind: 'arrival' });
      at('2026-11-01');
      await sign('D', 'b2', { kind: 'status', change: 'deceased', date: '2026-10-30' });
      at('2027-01-02');
      await sign('F', 'b2', { kind: 'temp_return' }); // after the cut-off
    }, 120_000);
    afterAll(async () => {
      await store?.close();
    });

    const orgs = async () => [...(await loadTree(deps.db)).keys()];

    it('equals computeFigures for every org and year', async () => {
      for (const year of [2025, 2026, 2027]) {
        const all = await computeAllFigures(deps, year, { chunk: 2 });
        expect([...all.keys()].sort()).toEqual((await orgs()).sort());
        for (const org of await orgs())
          expect(all.get(org), `${org} ${year}`).toEqual(await computeFigures(deps, org, year));
      }
      // And the year is not empty: transfers, dues and a death were counted.
      const c1 = (await computeAllFigures(deps, 2026)).get('c1')!;
      expect(c1.balance).toMatchObject({ transferredInInside: 1, died: 1 });
      expect(c1.dues.recorded).toBe(true);
      expect(c1.transfers.inTransitAtCutoff).toBe(0);
      expect((await computeAllFigures(deps, 2026)).get('c2')!.transfers.inTransitAtCutoff).toBe(1);
    });

    it('equals computeFigures as of a checkpoint, and with last year’s openings', async () => {
      const openings = new Map([
        ['c1', 9],
        ['b3', 0],
      ]);
      const all = await computeAllFigures(deps, 2026, {
        asOfLeaf: sizeMidYear,
        openings,
        chunk: 3,
      });
      for (const org of await orgs()) {
        const one = await computeFigures(deps, org, 2026, {
          asOfLeaf: sizeMidYear,
          ...(openings.has(org) ? { openingOverride: openings.get(org)! } : {}),
        });
        expect(all.get(org), org).toEqual(one);
      }
      expect(all.get('c1')!.balance.difference).not.toBe(0);
    });
  });
}
