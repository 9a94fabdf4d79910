/**
 * The national benchmark of issue 13 (逐级报备 at national scale). Prints,
 * never asserts:
 *  1. the generator: a seeded national shape (default 50,000 orgs, 1,000,000
 *     members, 5,000,000 ledger entries, 12 months of dues) loaded as real,
 *     signed, hash-chained, logged data (bench/national/load.ts), and its rate;
 *  2. every org's filing figures for 2026 computed bottom-up in one pass
 *     (computeAllFigures), beside one warm sequential scan of the ledger
 *     (`select count(*) from ledger_entries`) in the same run: the ratio,
 *     target ≤ 3×;
 *  3. for contrast, the per-org path (computeFigures) timed on a sample of
 *     orgs of every level and extrapolated to all of them (a least-squares
 *     line in the subtree's members), and whether each sample equals the
 *     one-pass figures;
 *  4. the load average.
 * PostgreSQL only (DATABASE_URL): a fresh database, dropped after unless --keep;
 * --url reuses a kept one (no load).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:national -- --orgs 500 --members 10000 --entries 50000
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { isDeepStrictEqual } from 'node:util';
import { computeAllFigures } from '../src/service/statistics-all.ts';
import { computeFigures } from '../src/service/statistics.ts';
import { fsck } from '../src/service/fsck.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { testClock, testDeps } from '../test/support/deps.ts';
import { createTestDatabase } from '../test/support/stores.ts';
import { newKekText } from '../src/crypto/keys.ts';
import { loadNational } from './national/load.ts';
import { DUES_YEAR, planNational } from './national/plan.ts';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '50000' },
    members: { type: 'string', default: '1000000' },
    entries: { type: 'string', default: '5000000' },
    seed: { type: 'string', default: '1' },
    sample: { type: 'string', default: '12' },
    chunk: { type: 'string', default: '5000' },
    keep: { type: 'boolean', default: false },
    url: { type: 'string' },
    kek: { type: 'string' },
    fsck: { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
  },
});
if (!process.env.DATABASE_URL) {
  console.error('bench:national needs DATABASE_URL (PostgreSQL)');
  process.exit(2);
}
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
console.log(`load average ${load()}`);

const made = values.url ? { url: values.url, drop: async () => {} } : await createTestDatabase();
const store = await openPostgres(made.url, { max: 12 });
const client = postgres(made.url, { max: 8, onnotice: () => {} });
const clock = testClock('2024-01-01T00:00:00Z');
const kek = values.kek ?? newKekText();
const deps = await testDeps(store, clock, kek);
try {
  if (!values.url) {
    const t0 = performance.now();
    const plan = planNational({
      orgs: Number(values.orgs),
      members: Number(values.members),
      entries: Number(values.entries),
      seed: Number(values.seed),
    });
    const planned = (performance.now() - t0) / 1000;
    console.log(
      `1. plan: ${plan.orgs.length + 1} orgs, ${plan.members} members, ${plan.eventCount} ledger events in ${planned.toFixed(1)} s`,
    );
    const r = await loadNational(deps, client, plan, {
      seed: Number(values.seed),
      log: (l) => console.log(`   ${l}`),
    });
    console.log(
      `   loaded in ${r.seconds.toFixed(1)} s: ${r.entries} entries (${r.refused} refused by the rules), ${r.duesBatches} dues batches (${r.duesLines} lines), ${r.credentials} credentials, ${r.orgKeys} key certificates, ${r.leaves} log leaves = ${r.perSecond} signed objects/s`,
    );
    if (values.keep) console.log(`   kept: --url ${made.url} --kek ${kek}`);
  }
  clock.set('2027-01-10T09:00:00Z');
  if (values.fsck) {
    const t = performance.now();
    const f = await fsck(deps);
    console.log(
      `   fsck: ${f.problems.length} problems over ${f.checked.members} members, ${f.checked.entries} entries, ${f.checked.objects} objects, ${f.checked.leaves} leaves (${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
    for (const p of f.problems.slice(0, 5)) console.log(`     ${p.where}: ${p.what}`);
  }
  if (!values['load-only']) await measure();
} finally {
  await client.end({ timeout: 5 });
  await store.close();
  if (!values.keep) await made.drop();
}

async function scan(): Promise<{ s: number; n: number }> {
  const t = performance.now();
  const rows = (await store.db.execute(
    sql`select count(*)::int as n from ledger_entries`,
  )) as unknown as { n: number }[];
  return { s: (performance.now() - t) / 1000, n: Number(rows[0]!.n) };
}

async function measure() {
  const year = DUES_YEAR;
  await scan(); // warm the cache
  const seq = await scan();
  console.log(
    `2. one sequential scan (select count(*) from ledger_entries, warm): ${seq.n} rows in ${seq.s.toFixed(2)} s`,
  );
  const t = performance.now();
  const all = await computeAllFigures(deps, year, { chunk: Number(values.chunk) });
  const onePass = (performance.now() - t) / 1000;
  const root = all.get('root')!;
  console.log(
    `   every filing bottom-up, one pass: ${all.size} orgs in ${onePass.toFixed(2)} s (root: closing ${root.balance.closing}, ${root.transfers.arrivals} arrivals, dues recorded ${root.dues.recorded}, ${root.dues.fullyPaid} fully paid)`,
  );
  const after = await scan();
  console.log(
    `   ratio one-pass / scan: ${(onePass / seq.s).toFixed(2)}× (target ≤ 3×; a second scan after: ${after.s.toFixed(2)} s)`,
  );
  // 3. The per-org path on a sample of each level, extrapolated.
  const byType = new Map<string, string[]>();
  for (const [id, ind] of all) {
    if (id === 'root') continue;
    const type = [...Object.entries(ind.orgsByType)].some(([, n]) => n > 0) ? 'upper' : 'leaf';
    byType.set(type, [...(byType.get(type) ?? []), id]);
  }
  const want = Number(values.sample);
  const pick: string[] = [];
  for (const [, ids] of byType)
    for (let i = 0; i < Math.ceil(want / 2) && ids.length > 0; i++)
      pick.push(ids[Math.floor((i * 7919) % ids.length)]!);
  const xs: number[] = [];
  const ys: number[] = [];
  let same = 0;
  for (const org of pick) {
    const t1 = performance.now();
    const one = await computeFigures(deps, org, year);
    ys.push((performance.now() - t1) / 1000);
    xs.push(one.balance.closing);
    if (isDeepStrictEqual(one, all.get(org))) same++;
  }
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const b =
    xs.reduce((acc, x, i) => acc + (x - mx) * (ys[i]! - my), 0) /
    Math.max(
      1e-9,
      xs.reduce((acc, x) => acc + (x - mx) ** 2, 0),
    );
  const a = my - b * mx;
  let total = 0;
  for (const ind of all.values()) total += Math.max(0, a + b * ind.balance.closing);
  console.log(
    `3. per-org path (computeFigures) on ${n} sampled orgs: ${ys.reduce((p, q) => p + q, 0).toFixed(2)} s, ${(my * 1000).toFixed(0)} ms each on average; ` +
      `extrapolated to all ${all.size} orgs (${(a * 1000).toFixed(1)} ms + ${(b * 1e6).toFixed(2)} µs × members): ~${total.toFixed(0)} s = ${(total / onePass).toFixed(0)}× the one pass; ` +
      `${same}/${n} samples equal to the one-pass figures`,
  );
  console.log(`4. load average ${load()}`);
}
