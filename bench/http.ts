/**
 * Endorsements per second over HTTP on PostgreSQL, against the machine's own
 * limit for the same database work.
 *
 *   npm run bench:http [-- seconds clients workers]   (default 20 s, 50 clients, one server process per core)
 *
 * 1. A fresh database on DATABASE_URL's server (default the local one):
 *    root → c1 → b1, b2; one officer login per client (secretary at c1);
 *    20 members per client, enrolled through the service.
 * 2. The real server (`pmcert serve`, a child process, @hono/node-server) on
 *    loopback. Each client logs in, then loops for the duration over its own
 *    members: POST /api/endorsements transfer_out with the member's scanned
 *    credential, then arrival with the credential that came back. Every
 *    request goes through the whole stack: session + CSRF check, zod,
 *    credential verification, authorisation, rules, two Ed25519 signatures,
 *    the conditional append (member row, entry row, log leaf) and the audit
 *    row.
 * 3. pgbench, same database, same number of clients and seconds, with a
 *    custom script of the ledger's own write: insert one entry row (into a
 *    copy of ledger_entries with its indexes) and update one member row, in
 *    one transaction. That is this machine's limit for the database work
 *    alone; we print both and the ratio. Printed, not asserted.
 * Target: ≥ 0.5 of the pgbench rate and ≥ 1,000 endorsements/s on 2 cores.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { importKek, newKekText } from '../src/crypto/keys.ts';
import { DEFAULT_RULES } from '../src/domain/rules.ts';
import { nodeVerifier } from '../src/runtime/node-verifier.ts';
import { createAccount } from '../src/service/accounts.ts';
import type { ServiceDeps } from '../src/service/deps.ts';
import { systemClock } from '../src/service/deps.ts';
import { enroll } from '../src/service/members.ts';
import { addOrg, initInstallation } from '../src/service/orgs.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { person } from '../test/support/people.ts';

const SECONDS = Number(process.argv[2] ?? 20);
const CLIENTS = Number(process.argv[3] ?? 50);
/** Server processes (`pmcert serve --workers N`); default: one per core. */
const WORKERS = Number(process.argv[4] ?? cpus().length);
const MEMBERS_PER_CLIENT = 20;
const PASSWORD = 'bench password 2026';
const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main() {
  const name = `pmc_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  const kekText = newKekText();
  let server: ReturnType<typeof spawn> | undefined;
  try {
    const members = await setUp(url.toString(), kekText);
    const { child, base } = await startServer(url.toString(), kekText);
    server = child;
    const http = await load(base, members);
    child.kill('SIGTERM');
    server = undefined;
    const pg = pgbench(url.toString());
    report(http, pg);
  } finally {
    server?.kill('SIGKILL');
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** The tree, the officers and the members, straight through the service (not timed). */
async function setUp(url: string, kekText: string): Promise<{ id: string; org: string; credential: string }[][]> {
  const store = await openPostgres(url, { max: 8 });
  const deps: ServiceDeps = {
    db: store.db,
    kek: await importKek(kekText),
    now: systemClock,
    rules: DEFAULT_RULES,
    publicUrl: 'http://localhost',
    verifier: nodeVerifier(),
    keyCache: new Map(),
  };
  await initInstallation(deps, { id: 'root', name: '市委组织部' });
  await addOrg(deps, { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' });
  await addOrg(deps, { id: 'b1', name: '刑侦支队党支部', type: 'branch', parent: 'c1' });
  await addOrg(deps, { id: 'b2', name: '交警支队党支部', type: 'branch', parent: 'c1' });
  const out: { id: string; org: string; credential: string }[][] = [];
  for (let c = 0; c < CLIENTS; c++) {
    await createAccount(deps, { kind: 'officer', username: `bench-${c}`, displayName: `officer ${c}`, password: PASSWORD, roles: [{ org: 'c1', role: 'secretary' }] }, null);
    const mine = await Promise.all(
      Array.from({ length: MEMBERS_PER_CLIENT }, async (_, i) => {
        const org = i % 2 ? 'b2' : 'b1';
        const { id, credential } = await enroll(deps, person({ org, birth: `19${60 + (c % 40)}-0${1 + (i % 9)}-1${i % 10}` }), { org, officer: 'bench' });
        return { id, org, credential };
      }),
    );
    out.push(mine);
  }
  await store.close();
  return out;
}

async function startServer(url: string, kekText: string): Promise<{ child: ReturnType<typeof spawn>; base: string }> {
  // BENCH_SERVER_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server.
  const extra = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...extra, 'bin/pmcert.mjs', 'serve', '--port', '0', '--workers', String(WORKERS)], {
    env: { ...process.env, DATABASE_URL: url, PMC_KEK: kekText, PMC_PUBLIC_URL: 'http://localhost', PMC_LANG: 'en' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /API on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  child.stdout!.resume();
  return { child, base };
}

interface HttpResult {
  endorsements: number;
  errors: Map<number, number>;
  seconds: number;
  latencies: Float64Array;
}

async function load(base: string, members: { id: string; org: string; credential: string }[][]): Promise<HttpResult> {
  const sessions = await Promise.all(
    members.map(async (_, c) => {
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: JSON.stringify({ username: `bench-${c}`, password: PASSWORD }) });
      if (res.status !== 201) throw new Error(`login: ${res.status} ${await res.text()}`);
      const { csrfToken } = (await res.json()) as { csrfToken: string };
      return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: csrfToken };
    }),
  );
  const latencies: number[] = [];
  const errors = new Map<number, number>();
  let endorsements = 0;
  let warm = true;
  const post = async (s: { cookie: string; csrf: string }, body: unknown): Promise<{ credential: string } | undefined> => {
    const t0 = performance.now();
    const res = await fetch(`${base}/api/endorsements`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (warm) return res.status === 201 ? (JSON.parse(text) as { credential: string }) : undefined;
    latencies.push(performance.now() - t0);
    if (res.status !== 201) {
      errors.set(res.status, (errors.get(res.status) ?? 0) + 1);
      if ((errors.get(res.status) ?? 0) < 3) console.error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
      return undefined;
    }
    endorsements++;
    return JSON.parse(text) as { credential: string };
  };
  const client = async (c: number, until: () => boolean) => {
    const mine = members[c]!;
    for (let i = 0; until(); i = (i + 1) % mine.length) {
      const m = mine[i]!;
      const to = m.org === 'b1' ? 'b2' : 'b1';
      const out = await post(sessions[c]!, { kind: 'transfer_out', credential: m.credential, to });
      if (!out) continue;
      m.credential = out.credential;
      const arrived = await post(sessions[c]!, { kind: 'arrival', credential: out.credential });
      if (!arrived) continue;
      m.credential = arrived.credential;
      m.org = to;
    }
  };
  // Warm-up: a few pairs per client (JIT, connection pools, key cache), not counted.
  let warmPairs = 0;
  await Promise.all(members.map((_, c) => client(c, () => warmPairs++ < CLIENTS * 4)));
  warm = false;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  await Promise.all(members.map((_, c) => client(c, () => performance.now() < end)));
  const seconds = (performance.now() - start) / 1000;
  return { endorsements, errors, seconds, latencies: Float64Array.from(latencies).sort() };
}

const SCRIPT = `\\set n random(1, ${CLIENTS * MEMBERS_PER_CLIENT})
BEGIN;
INSERT INTO bench_entries (member_id, seq, hash, jws, kind, org_id, actor, issued_at, claims, leaf_index)
  VALUES ('pgb-' || :n, nextval('bench_seq'), md5(random()::text) || md5(random()::text), repeat('e', 760), 'transfer_out', 'c1', 'bench', now(),
          '{"sub":"x","seq":2,"knd":"transfer_out","iss":"c1","act":"bench","iat":1,"dat":{"from":"b1","to":"b2","validDays":30,"deadline":2}}', currval('bench_seq'));
UPDATE members SET seq = seq + 1, head = md5(random()::text), credential = repeat('c', 560), org_id = 'b2', status = 'in_transit', updated_at = now()
  WHERE id = 'pgb-' || :n;
END;
`;

function pgbench(url: string): { tps: number; line: string } | { error: string } {
  const psql = (sql: string) => execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    psql(`CREATE TABLE bench_entries (LIKE ledger_entries INCLUDING ALL); CREATE SEQUENCE bench_seq;
          INSERT INTO members (id, name, gender, birth_date, national_id_sealed, national_id_index, national_id_masked, joined_on, category, personnel, org_id, status, seq, head, credential)
          SELECT 'pgb-' || n, name, gender, birth_date, national_id_sealed, 'pgb-' || n, national_id_masked, joined_on, category, personnel, org_id, status, 1, head, credential
          FROM members, generate_series(1, ${CLIENTS * MEMBERS_PER_CLIENT}) n WHERE members.id = (SELECT min(id) FROM members);`);
    psql('VACUUM ANALYZE members');
    const dir = mkdtempSync(join(tmpdir(), 'pmc-pgbench-'));
    writeFileSync(join(dir, 'endorse.sql'), SCRIPT);
    const out = execFileSync('pgbench', ['-n', '-M', 'prepared', '-c', String(CLIENTS), '-j', String(Math.min(CLIENTS, cpus().length)), '-T', String(SECONDS), '-f', join(dir, 'endorse.sql'), url], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!m) return { error: `no tps in pgbench output:\n${out}` };
    return { tps: Number(m[1]), line: m[0] };
  } catch (err) {
    return { error: `pgbench failed: ${(err as Error).message}` };
  }
}

function report(http: HttpResult, pg: ReturnType<typeof pgbench>) {
  const q = (p: number) => http.latencies[Math.min(http.latencies.length - 1, Math.floor(p * http.latencies.length))] ?? NaN;
  const rate = http.endorsements / http.seconds;
  const pgVersion = execFileSync('psql', [BASE, '-tAc', 'show server_version']).toString().trim();
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}, PostgreSQL ${pgVersion}`);
  console.log(`HTTP   : ${CLIENTS} clients, ${http.seconds.toFixed(1)} s over loopback, ${WORKERS} server process(es), transfer_out + arrival pairs on distinct members`);
  console.log(`         ${http.endorsements} endorsements = ${rate.toFixed(0)} endorsements/s; latency p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms`);
  if (http.errors.size) console.log(`         non-201 answers: ${[...http.errors].map(([s, n]) => `${s}×${n}`).join(', ')}`);
  if ('error' in pg) {
    console.log(`pgbench: ${pg.error}`);
    return;
  }
  console.log(`pgbench: same ${CLIENTS} clients, ${SECONDS} s, insert entry row + update member row per transaction: ${pg.tps.toFixed(0)} tps`);
  console.log(`ratio  : ${(rate / pg.tps).toFixed(2)} of the database's limit (target ≥ 0.5); ${rate >= 1000 ? '≥' : '<'} 1,000 endorsements/s (target ≥ 1,000)`);
}

await main();
