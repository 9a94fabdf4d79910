import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endorse } from '../../src/service/endorse.ts';
import { enroll } from '../../src/service/members.ts';
import { computeFigures } from '../../src/service/statistics.ts';
import type { Store } from '../../src/store/db.ts';
import { committedSize } from '../../src/store/log.ts';
import type { Intent } from '../../src/domain/kinds/index.ts';
import { seedTree, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

/**
 * The annual figures computed from a real ledger (enrol and endorse through
 * the service), counted by hand below, on each driver.
 */
export function runStatisticsCompute(driver: Store['driver']) {
  describe(`annual figures from the ledger on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    const ids: Record<string, string> = {};
    let sizeBeforeOctober = 0;

    const sign = async (who: string, org: string, intent: Exclude<Intent, { kind: 'enroll' }>) =>
      endorse(deps, { memberId: ids[who]!, intent, actor: { org, officer: 'officer-1' } });
    const at = (iso: string) => deps.clock.set(`${iso}T09:00:00Z`);

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store);
      at('2025-01-05');
      await seedTree(deps); // root → c1 {b1, b2}; c2 {b3}
      at('2025-06-01');
      for (const [who, org] of [
        ['A', 'b1'],
        ['B', 'b1'],
        ['C', 'b3'],
        ['D', 'b2'],
        ['F', 'b2'],
      ]) {
        ids[who!] = (await enroll(deps, person({ org }), { org: org!, officer: 'officer-1' })).id;
      }
      at('2026-02-01');
      ids.E = (
        await enroll(deps, person({ org: 'b2', joined: '2026-01-20', category: 'probationary' }), {
          org: 'b2',
          officer: 'officer-1',
        })
      ).id;
      at('2026-03-01');
      await sign('A', 'b1', { kind: 'transfer_out', to: 'b3', reason: '工作调动' });
      at('2026-03-10');
      await sign('A', 'b3', { kind: 'arrival' });
      at('2026-04-01');
      await sign('C', 'b3', { kind: 'transfer_out', to: 'b2', reason: '工作调动' });
      at('2026-05-01');
      await sign('D', 'b2', { kind: 'temp_out', until: '2026-07-01' });
      at('2026-06-01');
      await sign('C', 'b2', { kind: 'arrival' }); // 61 days on a 30-day letter
      at('2026-06-15');
      await sign('D', 'b2', { kind: 'temp_return' });
      at('2026-08-01');
      await sign('F', 'b2', { kind: 'temp_out', until: '2026-10-01' }); // never signed back
      sizeBeforeOctober = await committedSize(deps.db);
      at('2026-10-01');
      await sign('B', 'b1', { kind: 'transfer_out', to: 'b3', reason: '学习深造' }); // never arrives
      at('2026-11-01');
      await sign('D', 'b2', { kind: 'status', change: 'deceased', date: '2026-10-30' });
      at('2027-01-02');
      await sign('F', 'b2', { kind: 'temp_return' }); // after the cut-off: not counted
    });
    afterAll(async () => {
      await store?.close();
    });

    it('counts c1’s year as by hand', async () => {
      const c1 = await computeFigures(deps, 'c1', 2026);
      // Opening: A B D F. + admitted E, + from c2 C; − to c2 A, − died D. Closing: B C E F.
      expect(c1.balance).toMatchObject({
        opening: 4,
        admitted: 1,
        transferredInInside: 1,
        transferredOutInside: 1,
        died: 1,
        expectedClosing: 4,
        closing: 4,
        difference: 0,
      });
      expect(c1.members).toEqual([ids.B, ids.C, ids.E, ids.F].sort());
      expect(c1.transfers).toMatchObject({
        in: 1,
        out: 2,
        internal: 0,
        arrivals: 1,
        arrivalsOnTime: 0,
        onTimeRate: 0,
        medianDaysToReport: 61,
        inTransitAtCutoff: 1,
        inTransitOverdue: 1,
      });
      expect(c1.temps).toEqual({ issued: 2, returned: 1, returnRate: 0.5, openPastEnd: 1 });
      expect(c1.structure.byCategory).toEqual({ full: 3, probationary: 1 });
      expect(c1.dues.recorded).toBe(false);
    });

    it('sees the other side from c2, and the root sees no transfer leave', async () => {
      const c2 = await computeFigures(deps, 'c2', 2026);
      expect(c2.balance).toMatchObject({
        opening: 1,
        transferredInInside: 1,
        transferredOutInside: 1,
        closing: 1,
      });
      const root = await computeFigures(deps, 'root', 2026);
      expect(root.balance).toMatchObject({ opening: 5, admitted: 1, died: 1, closing: 5 });
      expect(root.transfers).toMatchObject({ in: 0, out: 0, internal: 2 });
    });

    it('counts only what a checkpoint of a given size held', async () => {
      const early = await computeFigures(deps, 'c1', 2026, { asOfLeaf: sizeBeforeOctober });
      // Without B's transfer and D's death.
      expect(early.transfers.out).toBe(1);
      expect(early.balance.died).toBe(0);
      expect(early.balance.closing).toBe(5);
    });

    it('takes last year’s filed closing as the opening', async () => {
      const c1 = await computeFigures(deps, 'c1', 2026, { openingOverride: 5 });
      expect(c1.balance).toMatchObject({
        opening: 5,
        expectedClosing: 5,
        closing: 4,
        difference: -1,
      });
    });
  });
}
