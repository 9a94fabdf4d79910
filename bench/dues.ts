/**
 * Dues benchmark (issue 12), on PostgreSQL (DATABASE_URL; makes and drops its
 * own database) or embedded PGlite without it. Prints, never asserts:
 *  1. recording one month for a tree of 238 branches and 4,800 members
 *     (recordDues per branch, as an officer would): seconds, signatures
 *     made (one per branch), bytes added to the database;
 *  2. one member's 12-month record: bundle bytes and the time to verify it;
 *  3. in the same run, the next month signed line by line (one batch, one
 *     signature and one log leaf per member-month), and the ratios;
 *  4. credentials: what re-issuing every credential eagerly per batch would
 *     cost, against the lazy re-issue on the next fetch that the service does;
 *  5. another month batched with --clients branches recording at a time;
 *  6. the national month (≈ 100 million members in ≈ 5 million organisations)
 *     extrapolated from the measured per-batch rate: hours on one primary.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:dues [-- --branches 238 --members 4800]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { members } from '../schema/index.ts';
import { issueCredential } from '../src/crypto/credential.ts';
import { signDuesBatch } from '../src/crypto/dues-batch.ts';
import { verifyBundle } from '../src/crypto/verify-bundle.ts';
import type { DuesRow } from '../src/domain/dues-record.ts';
import { exportBundle } from '../src/service/bundle.ts';
import { recordDues } from '../src/service/dues.ts';
import { signerFor } from '../src/service/keys.ts';
import { enroll } from '../src/service/members.ts';
import { addOrg, initInstallation } from '../src/service/orgs.ts';
import type { Store } from '../src/store/db.ts';
import { insertDuesBatch } from '../src/store/dues.ts';
import { openPglite } from '../src/store/pglite.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { testClock, testDeps } from '../test/support/deps.ts';
import { person } from '../test/support/people.ts';
import { createTestDatabase } from '../test/support/stores.ts';

const { values } = parseArgs({
  options: {
    branches: { type: 'string', default: '238' },
    members: { type: 'string', default: '4800' },
    verifies: { type: 'string', default: '50' },
    clients: { type: 'string', default: '8' },
  },
});
const BRANCHES = Number(values.branches);
const MEMBERS = Number(values.members);
const NATIONAL = { members: 100_000_000, orgs: 5_000_000 };

const seconds = (t0: number) => (performance.now() - t0) / 1000;
const fmt = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d });

async function open(): Promise<{ store: Store; done: () => Promise<void>; driver: string }> {
  if (!process.env.DATABASE_URL) {
    const store = await openPglite('memory://');
    return { store, done: () => store.close(), driver: 'PGlite (memory)' };
  }
  const { url, drop } = await createTestDatabase();
  const store = await openPostgres(url, { max: Number(values.clients) + 2 });
  return {
    store,
    driver: 'PostgreSQL',
    done: async () => {
      await store.close();
      await drop();
    },
  };
}

/** Bytes of the tables a dues batch writes to (with indexes and TOAST). */
async function duesBytes(store: Store): Promise<number> {
  const tables = ['dues_batches', 'dues_lines', 'dues_profiles', 'log_objects', 'log_leaves'];
  const r = (await store.db.execute(
    sql.raw(`select ${tables.map((t) => `pg_total_relation_size('${t}')`).join(' + ')} as bytes`),
  )) as unknown;
  const rows = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { bytes: string }[];
  return Number(rows[0]!.bytes);
}

const { store, done, driver } = await open();
try {
  const clock = testClock('2026-01-15T08:00:00Z');
  const deps = await testDeps(store, clock);
  console.log(`dues bench on ${driver}: ${BRANCHES} branches, ${MEMBERS} members`);
  let t0 = performance.now();
  const { rootJwk } = await initInstallation(deps, { id: 'root', name: '市委组织部' });
  const committees = Math.max(1, Math.round(BRANCHES / 20));
  for (let c = 0; c < committees; c++)
    await addOrg(deps, { id: `c${c}`, name: `党委${c}`, type: 'committee', parent: 'root' });
  const branches: string[] = [];
  for (let b = 0; b < BRANCHES; b++) {
    branches.push(`b${b}`);
    await addOrg(deps, {
      id: `b${b}`,
      name: `党支部${b}`,
      type: 'branch',
      parent: `c${b % committees}`,
    });
  }
  // One real member (enrolled, signed) whose record we verify; the rest are member rows
  // inserted directly: recording dues reads nothing of a member but its org and status.
  const real = (
    await enroll(deps, person({ org: 'b0', name: '张卫国' }), { org: 'b0', officer: 'bench' })
  ).id;
  const [proto] = await store.db.select().from(members).limit(1);
  const byBranch = new Map<string, string[]>(branches.map((b) => [b, []]));
  byBranch.get('b0')!.push(real);
  const rows: (typeof members.$inferInsert)[] = [];
  for (let i = 1; i < MEMBERS; i++) {
    const org = branches[i % BRANCHES]!;
    const id = `bm${String(i).padStart(7, '0')}`;
    byBranch.get(org)!.push(id);
    rows.push({
      ...proto!,
      id,
      orgId: org,
      nationalIdIndex: `bench-${i}`,
      createdAt: undefined,
      updatedAt: undefined,
    } as typeof members.$inferInsert);
  }
  for (let i = 0; i < rows.length; i += 1000)
    await store.db.insert(members).values(rows.slice(i, i + 1000));
  console.log(`set-up: ${fmt(seconds(t0), 1)} s (not part of the figures)`);

  const rowsOf = (org: string): DuesRow[] =>
    byBranch.get(org)!.map((member, i) => ({
      row: i + 2,
      member,
      kind: i % 10 === 9 ? '离退休' : '在职',
      base: `${3000 + ((i * 371) % 9000)}.${String(i % 100).padStart(2, '0')}`,
      amount: '',
    }));
  const withStandard = (rs: DuesRow[]): DuesRow[] => rs.map((r) => ({ ...r, amount: '50.00' }));

  // The real member's first 11 months, so its record covers a year.
  for (let m = 1; m <= 11; m++) {
    const month = `2026-${String(m).padStart(2, '0')}`;
    clock.set(`${month}-15T08:00:00Z`);
    await recordDues(
      deps,
      { org: 'b0', month, rows: withStandard(rowsOf('b0')) },
      { org: 'b0', officer: 'bench' },
    );
  }

  // 1. The month for the whole tree, one batch per branch.
  clock.set('2026-12-15T08:00:00Z');
  for (const b of branches) await signerFor(deps, b); // unseal keys first: a server keeps them cached
  let bytes0 = await duesBytes(store);
  let signatures = 0;
  let lines = 0;
  t0 = performance.now();
  for (const b of branches) {
    const r = await recordDues(
      deps,
      { org: b, month: '2026-12', rows: withStandard(rowsOf(b)) },
      { org: b, officer: 'bench' },
    );
    signatures += r.signatures;
    lines += r.lines;
  }
  const batchSeconds = seconds(t0);
  const batchBytes = (await duesBytes(store)) - bytes0;
  console.log(
    `\n1. one month, batched: ${fmt(batchSeconds)} s for ${lines} lines in ${BRANCHES} batches; ` +
      `${signatures} signatures (${fmt(lines / signatures, 1)} lines per signature); ` +
      `${fmt(batchBytes / 1024)} KiB added (${fmt(batchBytes / lines, 0)} B per line)`,
  );

  // 4. One member's 12-month record.
  const bundle = await exportBundle(deps, real);
  const text = JSON.stringify(bundle);
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < Number(values.verifies); i++) {
    const t = performance.now();
    const v = await verifyBundle(text, rootJwk, deps.now(), {
      requireLog: true,
    });
    times.push(performance.now() - t);
    ok &&=
      v.valid &&
      v.value.dues.lines.length === 12 &&
      v.value.dues.lines.every((l) => l.amount > 0) &&
      v.value.dues.through === '2026-12';
  }
  times.sort((a, b) => a - b);
  console.log(
    `2. one member's 12-month record: bundle ${fmt(text.length / 1024)} KiB (dues ${fmt(JSON.stringify(bundle.dues).length / 1024)} KiB, ` +
      `${bundle.dues.length} lines); verify median ${fmt(times[times.length >> 1]!)} ms, p90 ${fmt(times[Math.floor(times.length * 0.9)]!)} ms; valid: ${ok}`,
  );

  // 2. The next month line by line: one signature, one batch row and one log leaf per line.
  clock.set('2027-01-15T08:00:00Z');
  bytes0 = await duesBytes(store);
  t0 = performance.now();
  let lineSignatures = 0;
  for (const b of branches) {
    const signer = await signerFor(deps, b);
    let n = 0;
    for (const member of byBranch.get(b)!) {
      const line = {
        member,
        month: '2027-01',
        amount: 5000,
        base: 500_000,
        rate: 100,
        kind: 'salaried' as const,
      };
      const batch = await signDuesBatch(
        { iss: b, mon: '2027-01', n: ++n, act: 'bench', iat: deps.now() },
        [line],
        signer,
      );
      lineSignatures++;
      await insertDuesBatch(deps.db, {
        batch,
        lines: [line],
        profiles: [],
        through: () => new Map([[member, '2027-01']]),
      });
    }
  }
  const lineSeconds = seconds(t0);
  const lineBytes = (await duesBytes(store)) - bytes0;
  console.log(
    `3. the next month, line by line: ${fmt(lineSeconds)} s, ${lineSignatures} signatures, ` +
      `${fmt(lineBytes / 1024)} KiB (excludes the per-call reads recordDues makes, so the ratio is conservative)`,
  );
  console.log(
    `   ratio line-by-line / batched: time ×${fmt(lineSeconds / batchSeconds)}, ` +
      `signatures ×${fmt(lineSignatures / signatures)}, bytes ×${fmt(lineBytes / batchBytes)}`,
  );

  // 3. Credentials: eager re-issue per batch = one credential signature per member per month.
  const signer = await signerFor(deps, 'b0');
  t0 = performance.now();
  for (let i = 0; i < MEMBERS; i++)
    await issueCredential(
      {
        iss: 'b0',
        sub: `bm${i}`,
        nam: '张卫国',
        org: 'b0',
        st: 'normal',
        seq: 3,
        hd: 'x'.repeat(43),
        due: '2026-12',
        iat: deps.now(),
        exp: deps.now() + 90 * 86400,
      },
      signer,
    );
  const eager = seconds(t0);
  console.log(
    `4. credentials: eager re-issue would add ${MEMBERS} signatures and ${fmt(eager)} s of signing alone ` +
      `(+${fmt((eager / batchSeconds) * 100, 0)}% on the month, before the ${MEMBERS} row updates); ` +
      `lazy (chosen): 0 at recording, one signature when a member next fetches the QR or bundle`,
  );

  // 2b. Another month batched, with branches recording concurrently (officers do not take turns).
  const clients = Number(values.clients);
  clock.set('2027-02-15T08:00:00Z');
  const queue = [...branches];
  t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let b = queue.shift(); b !== undefined; b = queue.shift())
        await recordDues(
          deps,
          { org: b, month: '2027-02', rows: withStandard(rowsOf(b)) },
          { org: b, officer: 'bench' },
        );
    }),
  );
  const concurrentSeconds = seconds(t0);
  console.log(
    `5. another month batched, ${clients} branches at a time: ${fmt(concurrentSeconds)} s (${fmt(BRANCHES / concurrentSeconds, 0)} batches/s)`,
  );

  // 5. The national month, extrapolated from the measured per-batch rate (the same ~20 members per org).
  const perBatch = batchSeconds / BRANCHES;
  const perLine = batchSeconds / lines;
  const hours = Math.max(NATIONAL.orgs * perBatch, NATIONAL.members * perLine) / 3600;
  const concurrentHours = (NATIONAL.orgs * (concurrentSeconds / BRANCHES)) / 3600;
  console.log(
    `6. national month (${fmt(NATIONAL.members / 1e6, 0)} M members, ${fmt(NATIONAL.orgs / 1e6, 0)} M orgs, ` +
      `${fmt(NATIONAL.members / NATIONAL.orgs, 0)} per org vs ${fmt(lines / BRANCHES, 1)} here): ` +
      `${fmt(hours, 1)} h sequentially on one ${driver} primary at ${fmt(perBatch * 1000, 1)} ms per batch; ` +
      `${fmt(NATIONAL.orgs / 1e6, 0)} M signatures instead of ${fmt(NATIONAL.members / 1e6, 0)} M; ` +
      `${fmt(concurrentHours, 1)} h with ${clients} branches at a time; ` +
      `line by line (sequential): ${fmt((NATIONAL.members * (lineSeconds / lineSignatures)) / 3600, 1)} h`,
  );
} finally {
  await done();
}
