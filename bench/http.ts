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
import { newKekText } from '../src/crypto/keys.ts';
import { quantile, runEndorseLoad, setUpBench, type LoadResult } from './support/endorse-load.ts';

const SECONDS = Number(process.argv[2] ?? 20);
const CLIENTS = Number(process.argv[3] ?? 50);
/** Server processes (`pmcert serve --workers N`); default: one per core. */
const WORKERS = Number(process.argv[4] ?? cpus().length);
const MEMBERS_PER_CLIENT = 20;
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
    const members = await setUpBench(url.toString(), kekText, {
      publicUrl: 'http://localhost',
      clients: CLIENTS,
      perClient: MEMBERS_PER_CLIENT,
    });
    const { child, base } = await startServer(url.toString(), kekText);
    server = child;
    const http = await runEndorseLoad(base, members, {
      seconds: SECONDS,
      warmPairs: CLIENTS * 4,
      origin: 'http://localhost',
    });
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

async function startServer(
  url: string,
  kekText: string,
): Promise<{ child: ReturnType<typeof spawn>; base: string }> {
  // BENCH_SERVER_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, profiles the server.
  const extra = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...extra, 'bin/pmcert.mjs', 'serve', '--port', '0', '--workers', String(WORKERS)],
    {
      env: {
        ...process.env,
        DATABASE_URL: url,
        PMC_KEK: kekText,
        PMC_PUBLIC_URL: 'http://localhost',
        PMC_LANG: 'en',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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
  const psql = (sql: string) =>
    execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', sql], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  try {
    psql(`CREATE TABLE bench_entries (LIKE ledger_entries INCLUDING ALL); CREATE SEQUENCE bench_seq;
          INSERT INTO members (id, name, gender, birth_date, national_id_sealed, national_id_index, national_id_masked, joined_on, category, personnel, org_id, status, seq, head, credential)
          SELECT 'pgb-' || n, name, gender, birth_date, national_id_sealed, 'pgb-' || n, national_id_masked, joined_on, category, personnel, org_id, status, 1, head, credential
          FROM members, generate_series(1, ${CLIENTS * MEMBERS_PER_CLIENT}) n WHERE members.id = (SELECT min(id) FROM members);`);
    psql('VACUUM ANALYZE members');
    const dir = mkdtempSync(join(tmpdir(), 'pmc-pgbench-'));
    writeFileSync(join(dir, 'endorse.sql'), SCRIPT);
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(CLIENTS),
        '-j',
        String(Math.min(CLIENTS, cpus().length)),
        '-T',
        String(SECONDS),
        '-f',
        join(dir, 'endorse.sql'),
        url,
      ],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const m = /tps = ([\d.]+) \(without initial connection time\)/.exec(out);
    if (!m) return { error: `no tps in pgbench output:\n${out}` };
    return { tps: Number(m[1]), line: m[0] };
  } catch (err) {
    return { error: `pgbench failed: ${(err as Error).message}` };
  }
}

function report(http: LoadResult, pg: ReturnType<typeof pgbench>) {
  const q = (p: number) => quantile(http.latencies, p);
  const rate = http.endorsements / http.seconds;
  const pgVersion = execFileSync('psql', [BASE, '-tAc', 'show server_version']).toString().trim();
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, node ${process.version}, PostgreSQL ${pgVersion}`,
  );
  console.log(
    `HTTP   : ${CLIENTS} clients, ${http.seconds.toFixed(1)} s over loopback, ${WORKERS} server process(es), transfer_out + arrival pairs on distinct members`,
  );
  console.log(
    `         ${http.endorsements} endorsements = ${rate.toFixed(0)} endorsements/s; latency p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms`,
  );
  if (http.errors.size)
    console.log(
      `         non-201 answers: ${[...http.errors].map(([s, n]) => `${s}×${n}`).join(', ')}`,
    );
  if ('error' in pg) {
    console.log(`pgbench: ${pg.error}`);
    return;
  }
  console.log(
    `pgbench: same ${CLIENTS} clients, ${SECONDS} s, insert entry row + update member row per transaction: ${pg.tps.toFixed(0)} tps`,
  );
  console.log(
    `ratio  : ${(rate / pg.tps).toFixed(2)} of the database's limit (target ≥ 0.5); ${rate >= 1000 ? '≥' : '<'} 1,000 endorsements/s (target ≥ 1,000)`,
  );
}

await main();
