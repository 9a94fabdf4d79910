/**
 * Server render time of the web pages for one organisation of 5,000 members
 * with three years of history: 工作台 (/desk) and the member list
 * (/members), median and p99 over 200 requests each. Printed, not asserted.
 * Target: p99 < 100 ms.
 *
 *   DATABASE_URL=postgres://… npm run bench:web [-- members requests]   (PostgreSQL; PGlite in memory without it)
 *
 * Set-up, through the service (real signatures, real rules): root → 公安局党委
 * (c1) → 10 支部; members enrolled three years before "now" spread over the
 * branches; over the three years, one in five transferred to another branch
 * and arrived (a third of them late), one in ten took out and returned a
 * 证明信; at the end 3% are in transit (half past their deadline) and 1% hold
 * a 证明信 past its end date, so every dashboard list has rows. Then a
 * secretary at c1 logs in and each page is requested in-process
 * (`app.request`: routing, session, authorisation, queries, JSX render —
 * no socket), one at a time.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createApp } from '../src/http/app.ts';
import { newKekText } from '../src/crypto/keys.ts';
import { loadAssetManifestFromDisk } from '../src/runtime/assets-node.ts';
import { nodeVerifier } from '../src/runtime/node-verifier.ts';
import { createAccount } from '../src/service/accounts.ts';
import { buildServiceDeps } from '../src/service/deps.ts';
import { endorse } from '../src/service/endorse.ts';
import { enroll } from '../src/service/members.ts';
import { addOrg, initInstallation } from '../src/service/orgs.ts';
import type { Store } from '../src/store/db.ts';
import { openPglite } from '../src/store/pglite.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { person } from '../test/support/people.ts';

const MEMBERS = Number(process.argv[2] ?? 5000);
const REQUESTS = Number(process.argv[3] ?? 200);
const BRANCHES = 10;
const DAY = 86_400;
const START = Math.floor(Date.parse('2023-12-01T02:00:00Z') / 1000);
const NOW = START + 3 * 365 * DAY;

/** BENCH_DB=<name> BENCH_KEK=<kek>: measure a database a run with BENCH_KEEP=1 left (no set-up). */
const KEK = process.env.BENCH_KEK ?? newKekText();

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function openStore(): Promise<{ store: Store; drop: () => Promise<void>; label: string }> {
  const base = process.env.DATABASE_URL;
  if (!base)
    return { store: await openPglite('memory://'), drop: async () => {}, label: 'PGlite (memory)' };
  const reuse = process.env.BENCH_DB;
  const name = reuse ?? `pmc_bench_${randomBytes(4).toString('hex')}`;
  if (!reuse) {
    const admin = postgres(base, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  const store = await openPostgres(url.toString(), { max: 10 });
  return {
    store,
    label: 'PostgreSQL',
    drop: async () => {
      if (reuse || process.env.BENCH_KEEP) return void console.log(`kept: BENCH_DB=${name}`);
      const a = postgres(base, { max: 1, onnotice: () => {} });
      await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** Runs `fn` over `items`, `width` at a time. */
async function inBatches<T>(items: T[], width: number, fn: (x: T, i: number) => Promise<void>) {
  for (let i = 0; i < items.length; i += width)
    await Promise.all(items.slice(i, i + width).map((x, j) => fn(x, i + j)));
}

async function main() {
  if (!loadAssetManifestFromDisk()) throw new Error('run npm run build:assets first');
  const { store, drop, label } = await openStore();
  let now = START;
  const deps = await buildServiceDeps({
    db: store.db,
    kekText: KEK,
    now: () => now,
    publicUrl: 'https://pmc.example.cn',
    verifier: nodeVerifier(),
  });
  async function setUp() {
    const t0 = performance.now();
    await initInstallation(deps, { id: 'root', name: '市委组织部' });
    await addOrg(deps, { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' });
    const branches = Array.from({ length: BRANCHES }, (_, i) => `b${i}`);
    for (const [i, b] of branches.entries())
      await addOrg(deps, { id: b, name: `第${i + 1}党支部`, type: 'branch', parent: 'c1' });
    const officer = { officer: 'bench' };
    const ids: string[] = [];
    const orgOf: string[] = [];
    const names = '张王李赵刘陈杨黄周吴';
    await inBatches(
      Array.from({ length: MEMBERS }, (_, i) => i),
      20,
      async (i) => {
        const org = branches[i % BRANCHES]!;
        const birth = `${1960 + (i % 40)}-${String(1 + (Math.floor(i / 40) % 12)).padStart(2, '0')}-${10 + (Math.floor(i / 480) % 18)}`;
        const p = person({ org, birth, name: `${names[i % 10]}${names[(i >> 3) % 10]}${i}` });
        const { id } = await enroll(deps, p, { org, ...officer });
        ids[i] = id;
        orgOf[i] = org;
      },
    );
    const t1 = performance.now();
    // Three years of history, in time order: each month some transfers (and arrivals), some 证明信.
    let entries = 0;
    for (let month = 1; month < 34; month++) {
      now = START + month * 30 * DAY;
      const movers = ids.filter((_, i) => (i * 7 + month) % 180 === 0); // ≈ 1 in 5 over three years
      await inBatches(movers, 20, async (id) => {
        const i = ids.indexOf(id);
        const from = orgOf[i]!;
        const to = branches[(branches.indexOf(from) + 1 + (month % (BRANCHES - 1))) % BRANCHES]!;
        await endorse(deps, {
          memberId: id,
          intent: { kind: 'transfer_out', to },
          actor: { org: from, ...officer },
        });
        entries++;
      });
      now += (month % 3 === 0 ? 40 : 10) * DAY; // a third arrive after the 30-day deadline
      await inBatches(movers, 20, async (id) => {
        const i = ids.indexOf(id);
        const to =
          branches[(branches.indexOf(orgOf[i]!) + 1 + (month % (BRANCHES - 1))) % BRANCHES]!;
        await endorse(deps, {
          memberId: id,
          intent: { kind: 'arrival' },
          actor: { org: to, ...officer },
        });
        orgOf[i] = to;
        entries++;
      });
      now = START + month * 30 * DAY + 12 * DAY;
      const temps = ids.filter((_, i) => (i * 11 + month) % 360 === 0); // ≈ 1 in 10
      const until = new Date((now + 20 * DAY) * 1000).toISOString().slice(0, 10);
      await inBatches(temps, 20, async (id) => {
        await endorse(deps, {
          memberId: id,
          intent: { kind: 'temp_out', until, to: '北京' },
          actor: { org: orgOf[ids.indexOf(id)]!, ...officer },
        });
        entries++;
      });
      now += 15 * DAY;
      await inBatches(temps, 20, async (id) => {
        await endorse(deps, {
          memberId: id,
          intent: { kind: 'temp_return' },
          actor: { org: orgOf[ids.indexOf(id)]!, ...officer },
        });
        entries++;
      });
    }
    // Open items at "now": transfers in transit (half past the deadline) and overdue 证明信.
    now = NOW - 45 * DAY;
    const overdue = ids.filter((_, i) => i % 66 === 1);
    const transit = ids.filter((_, i) => i % 66 === 2);
    const temp = ids.filter((_, i) => i % 100 === 3 && i % 66 !== 1 && i % 66 !== 2);
    const untilPast = new Date((NOW - 10 * DAY) * 1000).toISOString().slice(0, 10);
    for (const [list, at] of [
      [overdue, NOW - 45 * DAY],
      [transit, NOW - 5 * DAY],
    ] as const) {
      now = at;
      await inBatches(list, 20, async (id) => {
        const i = ids.indexOf(id);
        const to = branches[(branches.indexOf(orgOf[i]!) + 3) % BRANCHES]!;
        await endorse(deps, {
          memberId: id,
          intent: { kind: 'transfer_out', to },
          actor: { org: orgOf[i]!, ...officer },
        });
        entries++;
      });
    }
    now = NOW - 40 * DAY;
    await inBatches(temp, 20, async (id) => {
      await endorse(deps, {
        memberId: id,
        intent: { kind: 'temp_out', until: untilPast },
        actor: { org: orgOf[ids.indexOf(id)]!, ...officer },
      });
      entries++;
    });
    now = NOW;
    const t2 = performance.now();

    console.log(
      `set-up: ${MEMBERS} members in ${((t1 - t0) / 1000).toFixed(1)} s, ${entries} more entries over 3 years in ${((t2 - t1) / 1000).toFixed(1)} s`,
    );
    if (process.env.BENCH_KEEP) console.log(`BENCH_KEK=${KEK}`);
  }
  try {
    if (!process.env.BENCH_DB) await setUp();
    else now = NOW;
    // A fresh login each run (a kept database may be measured again).
    const username = `bench.sec.${randomBytes(3).toString('hex')}`;
    await createAccount(
      deps,
      {
        kind: 'officer',
        username: username,
        displayName: '书记',
        password: 'bench password 2026',
        roles: [{ org: 'c1', role: 'secretary' }],
      },
      null,
    );
    const app = createApp({
      service: deps,
      config: { cookieSecure: false },
      clientAddress: () => '127.0.0.1',
    });
    const login = await app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: username, password: 'bench password 2026' }),
    });
    if (login.status !== 201) throw new Error(`login: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    console.log(`storage: ${label}`);
    console.log(
      `${REQUESTS} requests each, one at a time, as a secretary of 公安局党委 (subtree of ${MEMBERS} members):`,
    );
    for (const path of ['/desk', '/members', '/members?status=in_transit', '/orgs']) {
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < REQUESTS + 10; i++) {
        const s = performance.now();
        const res = await app.request(path, { headers: { cookie } });
        const body = await res.text();
        const ms = performance.now() - s;
        if (res.status !== 200) throw new Error(`${path}: ${res.status} ${body.slice(0, 200)}`);
        if (i >= 10) times.push(ms); // the first ten warm the caches and the JIT
        bytes = body.length;
      }
      times.sort((a, b) => a - b);
      console.log(
        `  ${path.padEnd(28)} median ${quantile(times, 0.5).toFixed(1)} ms   p99 ${quantile(times, 0.99).toFixed(1)} ms   (${(bytes / 1024).toFixed(0)} KiB of HTML; target p99 < 100 ms)`,
      );
    }
  } finally {
    await store.close();
    await drop();
  }
}

await main();
