/**
 * Roster import benchmark. Prints, never asserts (target ≥ 2,000 members/s on
 * PostgreSQL): members enrolled per second by `importMembers` — every row
 * checked, then per member the signed enrol entry, the first credential, the
 * sealed national ID and blind index and the log leaf, in batched
 * transactions — beside, in the same run, one `enroll()` at a time (what a
 * single POST /api/members does, without HTTP). On PostgreSQL when
 * DATABASE_URL is set (a fresh database, dropped after), and on PGlite.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import [-- --members 20000 --batch 1000]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { personAt, ROSTER_HEADERS, rosterRow } from '../src/demo/people.ts';
import { parseCsv, toCsv } from '../src/import/table.ts';
import { importMembers } from '../src/service/import.ts';
import { enroll } from '../src/service/members.ts';
import { directWriter } from '../src/store/append.ts';
import type { Store } from '../src/store/db.ts';
import { seedTree, testClock, testDeps } from '../test/support/deps.ts';
import { openTestStore } from '../test/support/stores.ts';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '1000' },
    single: { type: 'string', default: '3' },
    pglite: { type: 'string', default: '5000' },
  },
});
const TODAY = '2026-12-01';

async function run(driver: Store['driver'], n: number) {
  const store = await openTestStore(driver);
  try {
    const deps = await testDeps(store, testClock(`${TODAY}T08:00:00Z`));
    await seedTree(deps);
    const orgs = ['b1', 'b2', 'b3'];
    const table = parseCsv(
      toCsv(
        ROSTER_HEADERS,
        Array.from({ length: n }, (_, i) => rosterRow(personAt(42, i, TODAY), orgs[i % 3]!)),
      ),
    );
    const t0 = performance.now();
    const report = await importMembers(
      deps,
      table,
      { officer: 'bench' },
      { batchSize: Number(values.batch), skipInvalid: true },
    );
    const total = performance.now() - t0;
    // One at a time: what n single requests would do, for `single` seconds.
    const single = { ...deps, ledger: directWriter(store.db) };
    let k = 0;
    const t1 = performance.now();
    while (performance.now() - t1 < Number(values.single) * 1000) {
      const p = personAt(43, k++, TODAY);
      await enroll(single, { ...p, org: 'b1' }, { org: 'b1', officer: 'bench' });
    }
    const singleRate = (k * 1000) / (performance.now() - t1);
    const rate = (report.created.length * 1000) / total;
    console.log(
      `${driver.padEnd(8)} import ${report.created.length} members (${report.invalidRows} rows refused): ` +
        `${Math.round(rate)}/s including the check (${Math.round(total)} ms; writes alone ${report.perSecond}/s); ` +
        `one enroll() at a time ${Math.round(singleRate)}/s → ×${(rate / singleRate).toFixed(1)}`,
    );
  } finally {
    await store.close();
  }
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, batch ${values.batch}`,
);
if (process.env.DATABASE_URL) await run('postgres', Number(values.members));
else console.log('postgres: set DATABASE_URL to measure');
await run('pglite', Number(values.pglite));
