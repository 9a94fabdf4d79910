/**
 * Transparency-log benchmark, on PostgreSQL (DATABASE_URL; each part makes
 * and drops its own database). Prints, never asserts:
 *  1. appends/s: concurrent entry commits (member row + entry + log leaf in one
 *     transaction) while the checkpointer signs a checkpoint every second;
 *     target ≥ 2,000/s (Tessera ~2,000/s on MySQL, Sunlight 3,750/s on bigger servers);
 *  2. bytes stored per entry (ledger_entries + log_leaves + log_nodes);
 *  3. inclusion-proof latency at 10^6 and 10^7 leaves (tree built in SQL),
 *     target p99 < 5 ms, each proof read with one query of O(log n) rows.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:log [-- --appends 20000 --sizes 1e6,1e7]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { signEntry } from '../src/crypto/entry.ts';
import { issueCredential } from '../src/crypto/credential.ts';
import { verifyInclusion } from '../src/crypto/merkle/proof.ts';
import { leafHashSync } from '../src/crypto/merkle/hash.ts';
import { rootAt } from '../src/crypto/merkle/tree.ts';
import { integrate, proveInclusion, startCheckpointer } from '../src/service/log.ts';
import { signerFor } from '../src/service/keys.ts';
import { createAppendBatcher, directWriter } from '../src/store/append.ts';
import { nodeReader, storeCheckpoint } from '../src/store/log.ts';
import { openPostgres } from '../src/store/postgres.ts';
import { createTestDatabase } from '../test/support/stores.ts';
import { seedTree, testDeps } from '../test/support/deps.ts';
import type { EntryClaims } from '../src/domain/types.ts';

const { values } = parseArgs({
  options: {
    appends: { type: 'string', default: '20000' },
    clients: { type: 'string', default: '32' },
    sizes: { type: 'string', default: '1e6,1e7' },
    samples: { type: 'string', default: '2000' },
  },
});
if (!process.env.DATABASE_URL) {
  console.error('bench:log needs DATABASE_URL (PostgreSQL)');
  process.exit(2);
}

const pct = (xs: number[], p: number) =>
  xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function appends(n: number, clients: number, batched: boolean) {
  const { url, drop } = await createTestDatabase();
  const store = await openPostgres(url, { max: clients + 2 });
  try {
    const deps = await testDeps(store);
    await seedTree(deps);
    const signer = await signerFor(deps, 'b1');
    const writer = batched ? createAppendBatcher(deps.db) : directWriter(deps.db);
    console.log(`signing ${n} enrol entries and credentials (not timed)…`);
    const work: (() => Promise<void>)[] = [];
    for (let i = 0; i < n; i++) {
      const id = `bench${String(i).padStart(7, '0')}`;
      const claims = {
        sub: id,
        seq: 1,
        knd: 'enroll',
        iss: 'b1',
        act: 'bench',
        iat: deps.now(),
        dat: {
          org: 'b1',
          name: '测试',
          category: 'full',
          personnel: 'other',
          joined: '2010-07-01',
        },
      } as EntryClaims;
      const entry = await signEntry(claims, signer);
      const credential = await issueCredential(
        {
          iss: 'b1',
          sub: id,
          nam: '测试',
          org: 'b1',
          st: 'normal',
          seq: 1,
          hd: entry.hash,
          iat: deps.now(),
          exp: deps.now() + 86400,
        },
        signer,
      );
      const member = {
        id,
        name: '测试',
        gender: 'M' as const,
        birthDate: '1990-01-01',
        nationalIdSealed: 'x',
        nationalIdIndex: id,
        nationalIdMasked: 'x',
        joinedOn: '2010-07-01',
        category: 'full' as const,
        personnel: 'other' as const,
        orgId: 'b1',
        status: 'normal' as const,
        seq: 1,
        head: entry.hash,
        credential,
      };
      work.push(() => writer.write({ kind: 'enroll', member, entry }).then(() => undefined));
    }
    let checkpoints = 0;
    const stop = startCheckpointer({ ...deps, now: () => Math.floor(Date.now() / 1000) }, 1000);
    const counting = setInterval(() => void 0, 1000);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < work.length) await work[next++]!();
      }),
    );
    const elapsed = (performance.now() - t0) / 1000;
    stop();
    clearInterval(counting);
    const t1 = performance.now();
    const cp = await integrate(deps);
    const tail = performance.now() - t1;
    checkpoints = Number(
      (
        (await deps.db.execute(sql`select count(*)::int as n from log_checkpoints`)) as unknown as {
          n: number;
        }[]
      )[0]!.n,
    );
    console.log(
      `\n1. appends (${batched ? 'group commit, as the server runs' : 'one transaction per entry'}): ${n} entries by ${clients} clients in ${elapsed.toFixed(2)} s = ${(n / elapsed).toFixed(0)} appends/s (target ≥ 2,000/s), ${checkpoints} checkpoints signed meanwhile; final integrate ${tail.toFixed(0)} ms to size ${cp?.size}`,
    );
    const sizes = (await deps.db.execute(sql`select
        -- partitioned by year (migration 0002): the parent is empty, the rows are in its partitions, and ledger_positions keeps (member_id, seq) unique
        (select coalesce(sum(pg_total_relation_size(inhrelid)), 0) from pg_inherits where inhparent = 'ledger_entries'::regclass)
          + pg_total_relation_size('ledger_entries') + coalesce(pg_total_relation_size(to_regclass('ledger_positions')), 0) as entries,
        pg_total_relation_size('log_leaves') as leaves,
        pg_total_relation_size('log_nodes') as nodes,
        pg_total_relation_size('members') as members,
        (select count(*) from ledger_entries) as count`)) as unknown as Record<string, string>[];
    const s = sizes[0]!;
    const count = Number(s.count);
    const per = (k: string) => (Number(s[k]) / count).toFixed(0);
    console.log(
      `2. bytes per entry (tables + indexes): ledger_entries ${per('entries')}, log_leaves ${per('leaves')}, log_nodes ${per('nodes')} → log overhead ${((Number(s.leaves) + Number(s.nodes)) / count).toFixed(0)} B/entry; (members ${per('members')} B/member)`,
    );
  } finally {
    await store.close();
    await drop();
  }
}

async function proofs(size: number, samples: number) {
  const { url, drop } = await createTestDatabase();
  const store = await openPostgres(url, { max: 4 });
  try {
    const t0 = performance.now();
    // Level 0: leaf hashes of synthetic entry hashes; then each level from the one below, all inside PostgreSQL.
    await store.db.execute(
      sql.raw(`insert into log_nodes (level, index, hash)
      select 0, i, sha256('\\x00'::bytea || sha256(int8send(i))) from generate_series(0, ${size - 1}) i`),
    );
    for (let level = 1, count = size; count > 1; level++, count = Math.floor(count / 2)) {
      await store.db.execute(
        sql.raw(`insert into log_nodes (level, index, hash)
        select ${level}, a.index / 2, sha256('\\x01'::bytea || a.hash || b.hash)
        from log_nodes a join log_nodes b on b.level = a.level and b.index = a.index + 1
        where a.level = ${level - 1} and a.index % 2 = 0`),
      );
    }
    await store.db.execute(sql`analyze log_nodes`);
    const build = (performance.now() - t0) / 1000;
    const root = await rootAt(size, nodeReader(store.db));
    await storeCheckpoint(store.db, { size, root, note: 'synthetic' });
    const deps = { db: store.db };
    const lat: number[] = [];
    let verified = 0;
    for (let i = 0; i < samples; i++) {
      const index = Math.floor(Math.random() * size);
      const t = performance.now();
      const proof = await proveInclusion(deps, index, size);
      lat.push(performance.now() - t);
      if (i < 50) {
        const leaf = leafHashSync(
          new Uint8Array(await crypto.subtle.digest('SHA-256', bigEndian(index))),
        );
        if (await verifyInclusion(leaf, index, size, proof, root)) verified++;
      }
    }
    lat.sort((a, b) => a - b);
    console.log(
      `3. inclusion proofs at ${size.toLocaleString()} leaves (tree built in ${build.toFixed(0)} s): p50 ${pct(lat, 50).toFixed(2)} ms, p99 ${pct(lat, 99).toFixed(2)} ms, max ${lat[lat.length - 1]!.toFixed(2)} ms over ${samples} proofs (target p99 < 5 ms); ${verified}/50 checked against the root`,
    );
  } finally {
    await store.close();
    await drop();
  }
}

function bigEndian(i: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(i));
  return b;
}

await appends(Math.min(5000, Number(values.appends)), Number(values.clients), false);
await appends(Number(values.appends), Number(values.clients), true);
for (const s of values.sizes!.split(',')) await proofs(Number(s), Number(values.samples));
