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
import { newKekText } from '../src/crypto/keys.ts';
import { startWranglerDev } from '../test/workers/wrangler-dev.ts';
import { quantile, runEndorseLoad, setUpBench } from './support/endorse-load.ts';

const SECONDS = Number(process.argv[2] ?? 10);
const CLIENTS = Number(process.argv[3] ?? 16);
const MEMBERS_PER_CLIENT = 10;
const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function main() {
  const name = `pmc_wbench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(BASE, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  const kekText = newKekText();
  let stop: (() => Promise<void>) | undefined;
  try {
    const worker = await startWranglerDev({
      databaseUrl: url.toString(),
      secrets: { PMC_KEK: kekText },
    });
    stop = worker.stop;
    const members = await setUpBench(url.toString(), kekText, {
      publicUrl: worker.url,
      clients: CLIENTS,
      perClient: MEMBERS_PER_CLIENT,
    });
    const r = await runEndorseLoad(worker.url, members, {
      seconds: SECONDS,
      warmPairs: CLIENTS * 2,
    });
    const q = (p: number) => quantile(r.latencies, p).toFixed(1);
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

await main();
