import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { planDemo } from '../../src/demo/bureau.ts';
import { exportBundle } from '../../src/service/bundle.ts';
import { runDemoHistory, type DemoRunResult } from '../../src/service/demo-history.ts';
import { fsck } from '../../src/service/fsck.ts';
import type { Store } from '../../src/store/db.ts';
import { rowsOf } from '../../src/store/db.ts';
import { sql } from 'drizzle-orm';
import { testClock, testDeps } from '../support/deps.ts';
import { openTestStore } from '../support/stores.ts';

/** The slice (what npm start loads), over its last year or so: every kind of event, quickly. */
export function runDemoSuite(driver: Store['driver']) {
  describe(`demo history on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    let result: DemoRunResult;
    const plan = planDemo({
      scale: 'slice',
      end: Math.floor(Date.parse('2026-12-01T00:00:00Z') / 1000),
      years: 1.2,
    });
    beforeAll(async () => {
      store = await openTestStore(driver);
      // No group-commit batcher: the history is one writer, in time order.
      deps = { ...(await testDeps(store, testClock('2026-12-02T03:00:00Z'))), ledger: undefined };
      result = await runDemoHistory(deps, plan);
    }, 240_000);
    afterAll(() => store?.close());

    it('plays every event through the services: none refused, fsck passes', async () => {
      expect(result.refused).toEqual([]);
      expect(result.members).toBe(plan.initial.length + plan.later.length);
      const kinds = rowsOf<{ kind: string; n: number }>(
        await deps.db.execute(
          sql`select kind, count(*)::int as n from ledger_entries group by kind`,
        ),
      );
      const n = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
      for (const k of ['enroll', 'transfer_out', 'arrival', 'temp_out', 'flow_register'])
        expect(n[k]).toBeGreaterThan(0);
      expect(result.duesBatches).toBeGreaterThan(10);
      expect((await fsck(deps)).problems).toEqual([]);
    });

    it('dates entries, dues batches and checkpoints in the simulated past, in log order', async () => {
      const times = rowsOf<{ lo: number; hi: number; ordered: boolean }>(
        await deps.db.execute(sql`
          select min(extract(epoch from issued_at))::float8 as lo, max(extract(epoch from issued_at))::float8 as hi,
            bool_and(issued_at >= prev) is not false as ordered
          from (select issued_at, lag(issued_at) over (order by leaf_index) as prev from ledger_entries) x`),
      )[0]!;
      expect(times.lo).toBeGreaterThanOrEqual(plan.start);
      expect(times.hi).toBeLessThanOrEqual(plan.end);
      expect(times.ordered).toBe(true);
      const cps = rowsOf<{ size: number; at: number }>(
        await deps.db.execute(
          sql`select size::int as size, extract(epoch from signed_at)::float8 as at from log_checkpoints order by size`,
        ),
      );
      expect(cps.length).toBeGreaterThan(5);
      expect(cps.at(-1)!.at).toBeLessThanOrEqual(plan.end);
      expect(cps[0]!.at).toBeGreaterThanOrEqual(plan.start);
      for (let i = 1; i < cps.length; i++)
        expect(cps[i]!.at).toBeGreaterThanOrEqual(cps[i - 1]!.at);
    });

    it('the bundles of the members with the longest histories verify against the root key', async () => {
      const longest = rowsOf<{ id: string }>(
        await deps.db.execute(sql`select id from members order by seq desc, id limit 8`),
      );
      const ids = longest.map((r) => r.id);
      const now = deps.now();
      const bad: string[] = [];
      for (const id of ids) {
        const r = await verifyBundle(await exportBundle(deps, id), result.rootJwk, now, {
          verifier: deps.verifier,
        });
        if (!r.valid) bad.push(`${id}: ${r.code} ${r.message}`);
      }
      expect(bad).toEqual([]);
      expect(ids.length).toBe(8);
    });

    it('refuses to write a history into an installation that has one', async () => {
      await expect(runDemoHistory(deps, plan)).rejects.toThrow(/empty installation/);
    });
  });
}
