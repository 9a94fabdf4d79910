/**
 * Demo generator benchmark. Prints, never asserts: how long planning and
 * playing the demo history take, and signed objects (ledger entries + dues
 * batches) per second, for a scale: `slice` (npm start), `bureau` (pmcert demo
 * --full) or `national` with `--bureaus N` (187 is the full national bench:
 * ~50,000 orgs and 1,000,000 members — hours; not for CI). On PostgreSQL when
 * DATABASE_URL is set (a fresh database, dropped after), else PGlite.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:demo -- --scale bureau [--fsck]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { planDemo, type DemoScale } from '../src/demo/bureau.ts';
import { runDemoHistory } from '../src/service/demo-history.ts';
import { fsck } from '../src/service/fsck.ts';
import { testClock, testDeps } from '../test/support/deps.ts';
import { openTestStore } from '../test/support/stores.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'slice' },
    bureaus: { type: 'string', default: '1' },
    years: { type: 'string', default: '3' },
    fsck: { type: 'boolean', default: false },
  },
});
const scale = values.scale as DemoScale;
const driver = process.env.DATABASE_URL ? 'postgres' : 'pglite';
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(
      ' ',
    )}; ${driver}; scale ${scale}${scale === 'national' ? ` × ${values.bureaus} bureaus` : ''}`,
);
const store = await openTestStore(driver);
try {
  const deps = { ...(await testDeps(store, testClock())), ledger: undefined };
  const t0 = performance.now();
  const plan = planDemo({
    scale,
    end: deps.now() - 86_400,
    bureaus: Number(values.bureaus),
    years: Number(values.years),
  });
  const planned = performance.now() - t0;
  const r = await runDemoHistory(deps, plan, (l) => console.log(`  ${l}`));
  console.log(
    `planned ${plan.orgs.length} orgs, ${plan.initial.length + plan.later.length} members, ${plan.events.length} events in ${Math.round(planned)} ms; ` +
      `played in ${(r.ms / 1000).toFixed(1)} s: ${r.entries} entries + ${r.duesBatches} dues batches = ${r.perSecond} signed objects/s, ` +
      `${Math.round((r.members * 1000) / r.ms)} members/s, ${r.checkpoints} checkpoints, ${r.refused.length} refused`,
  );
  if (values.fsck) {
    const t1 = performance.now();
    const f = await fsck(deps);
    console.log(`fsck: ${f.problems.length} problems (${Math.round(performance.now() - t1)} ms)`);
  }
} finally {
  await store.close();
}
