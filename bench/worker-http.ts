/**
 * Endorsements per second through the Worker under workerd (`wrangler dev`,
 * locally), the same workload as bench:http runs against the Node server:
 * each client logs in and loops transfer_out → arrival over its own members.
 *
 *   DATABASE_URL=postgres://… npm run bench:worker-http [-- seconds clients]   (default 10 s, 16 clients)
 *
 * What this measures is the Worker's own cost per request on this machine:
 * one workerd process, createApp per request, and — unlike production, where
 * Hyperdrive keeps warm pooled connections next to the database — a new
 * PostgreSQL connection per request (`localConnectionString` connects
 * directly), and each ledger write in its own transaction (a Worker has no
 * other requests to group-commit with). Printed, not asserted.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { importKek, newKekText } from '../src/crypto/keys.ts';
import { DEFAULT_RULES } from '../src/domain/rules.ts';
import { nodeVerifier } from '../src/runtime/node-verifier.ts';
import { createAccount } from '../src/service/accounts.ts';
import { systemClock, type ServiceDeps } from '../src/service/deps.ts';
import { enroll } from '../src/service/members.ts';
import { addOrg, initInstallation } from '../src/service/orgs.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { person } from '../test/support/people.ts';
import { startWranglerDev } from '../test/workers/wrangler-dev.ts';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 16);
const MEMBERS_PER_CLIENT = 10;
const PASSWORD = 'bench password 2026';
const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

type Member = { id: string; org: string; credential: string };

async function main() {
  const name = `pmc_wbench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  const kekText = newKekText();
  let stop: (() => Promise<void>) | undefined;
  try {
    const worker = await startWranglerDev({ databaseUrl: url.toString(), secrets: { PMC_KEK: kekText } });
    stop = worker.stop;
    const members = await setUp(url.toString(), kekText, worker.url);
    const r = await load(worker.url, members);
    const q = (p: number) => r.latencies[Math.min(r.latencies.length - 1, Math.floor(p * r.latencies.length))]!.toFixed(1);
    console.log(
      `Worker under workerd (wrangler dev, local): ${r.endorsements} endorsements in ${r.seconds.toFixed(1)} s by ${CLIENTS} clients = ` +
        `${Math.round(r.endorsements / r.seconds)} endorsements/s; latency p50 ${q(0.5)} ms, p99 ${q(0.99)} ms` +
        (r.errors.size ? `; errors ${[...r.errors].map(([s, n]) => `${s}×${n}`).join(', ')}` : ''),
    );
  } finally {
    await stop?.();
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Migrate from Node, then the tree, officers and members through the service (not timed). */
async function setUp(url: string, kekText: string, publicUrl: string): Promise<Member[][]> {
  const store = await openPostgres(url, { max: 8 });
  const deps: ServiceDeps = { db: store.db, kek: await importKek(kekText), now: systemClock, rules: DEFAULT_RULES, publicUrl, verifier: nodeVerifier(), keyCache: new Map() };
  await initInstallation(deps, { id: 'root', name: '市委组织部' });
  await addOrg(deps, { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' });
  await addOrg(deps, { id: 'b1', name: '刑侦支队党支部', type: 'branch', parent: 'c1' });
  await addOrg(deps, { id: 'b2', name: '交警支队党支部', type: 'branch', parent: 'c1' });
  const out: Member[][] = [];
  for (let c = 0; c < CLIENTS; c++) {
    await createAccount(deps, { kind: 'officer', username: `bench-${c}`, displayName: `officer ${c}`, password: PASSWORD, roles: [{ org: 'c1', role: 'secretary' }] }, null);
    const mine: Member[] = [];
    for (let i = 0; i < MEMBERS_PER_CLIENT; i++) {
      const org = i % 2 ? 'b2' : 'b1';
      const { id, credential } = await enroll(deps, person({ org, birth: `19${60 + (c % 40)}-0${1 + (i % 9)}-1${i % 10}` }), { org, officer: 'bench' });
      mine.push({ id, org, credential });
    }
    out.push(mine);
  }
  await store.close();
  return out;
}

async function load(base: string, members: Member[][]) {
  const sessions = await Promise.all(
    members.map(async (_, c) => {
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `bench-${c}`, password: PASSWORD }) });
      if (res.status !== 201) throw new Error(`login: ${res.status} ${await res.text()}`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
    }),
  );
  const latencies: number[] = [];
  const errors = new Map<number, number>();
  let endorsements = 0;
  let counting = false;
  const post = async (c: number, body: unknown): Promise<{ credential: string } | undefined> => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/endorsements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: sessions[c]!.cookie, 'x-csrf-token': sessions[c]!.csrf },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (counting) latencies.push(performance.now() - t0);
    if (res.status !== 201) {
      if (counting) errors.set(res.status, (errors.get(res.status) ?? 0) + 1);
      if ((errors.get(res.status) ?? 0) < 3) console.error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
      return undefined;
    }
    if (counting) endorsements++;
    return JSON.parse(text) as { credential: string };
  };
  const client = async (c: number, until: () => boolean) => {
    const mine = members[c]!;
    for (let i = 0; until(); i = (i + 1) % mine.length) {
      const m = mine[i]!;
      const to = m.org === 'b1' ? 'b2' : 'b1';
      const out = await post(c, { kind: 'transfer_out', credential: m.credential, to });
      if (!out) continue;
      m.credential = out.credential;
      const arrived = await post(c, { kind: 'arrival', credential: out.credential });
      if (!arrived) continue;
      m.credential = arrived.credential;
      m.org = to;
    }
  };
  let warm = 0;
  await Promise.all(members.map((_, c) => client(c, () => warm++ < CLIENTS * 2)));
  counting = true;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(members.map((_, c) => client(c, () => performance.now() < end)));
  return { endorsements, errors, seconds: (performance.now() - start) / 1000, latencies: Float64Array.from(latencies).sort() };
}

await main();
