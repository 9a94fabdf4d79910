import { execFileSync } from 'node:child_process';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/store/postgres.ts';
import { createTestDatabase } from '../support/stores.ts';
import {
  endorseLoad,
  kill9,
  setUpInstallation,
  startServe,
  type LoadTally,
} from './support/server.ts';

/** The primary's node children (not the esbuild service the CLI build may have started). */
const workersOf = (pid: number): number[] =>
  execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([p, comm]) => Number(p) > 0 && comm === 'node')
    .map(([p]) => Number(p));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `serve --workers 2` under endorsement load while the database's backends
 * are terminated every 0.2 s and one worker is killed with -9: no process
 * dies of it, the dead worker is forked again, requests get 201, 409 (state
 * moved on) or 503 (database away) and nothing else, and writes go on once
 * the terminations stop, without a restart.
 */
describe.skipIf(!process.env.DATABASE_URL)('cluster under terminated connections', () => {
  it(
    'no crash, only 503s, a killed worker re-forked, recovery without restart',
    { timeout: 180_000 },
    async () => {
      const db = await createTestDatabase();
      const name = new URL(db.url).pathname.slice(1);
      const admin = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
      try {
        const setup = await openPostgres(db.url, { max: 4 });
        const { kekText, members } = await setUpInstallation(setup, { clients: 6, perClient: 4 });
        await setup.close();
        const server = await startServe({ PMC_KEK: kekText, DATABASE_URL: db.url }, [
          '--workers',
          '2',
        ]);
        try {
          let done = false;
          const tally: LoadTally = { acknowledged: [], statuses: new Map(), odd: [] };
          const load = endorseLoad(server.base, members, () => done, tally);
          while (tally.acknowledged.length < 10) await sleep(50);

          const before = workersOf(server.child.pid!);
          expect(before).toHaveLength(2);
          let terminations = 0;
          const until = Date.now() + 8000;
          let killedWorker = false;
          while (Date.now() < until) {
            const [r] =
              await admin`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = ${name} and pid <> pg_backend_pid()`;
            terminations += r?.n ?? 0;
            if (!killedWorker && Date.now() > until - 5000) {
              process.kill(before[0]!, 'SIGKILL');
              killedWorker = true;
            }
            await sleep(200);
          }
          const ackedDuring = tally.acknowledged.length;
          // Recovery: writes are acknowledged again with nothing restarted by hand.
          const t0 = Date.now();
          while (tally.acknowledged.length < ackedDuring + 20 && Date.now() - t0 < 30_000)
            await sleep(50);
          const recoveredMs = Date.now() - t0;
          done = true;
          await load;

          const after = workersOf(server.child.pid!);
          console.log(
            `cluster: ${terminations} backends terminated; statuses`,
            Object.fromEntries(tally.statuses),
            `; acknowledged ${tally.acknowledged.length}; 20 more acknowledged ${recoveredMs} ms after the terminations stopped; workers ${before.join(',')} → ${after.join(',')}`,
          );
          expect(server.child.exitCode).toBeNull(); // the primary is still serving
          expect(after).toHaveLength(2);
          expect(after).not.toContain(before[0]);
          expect(server.output()).toMatch(/forking a new one/);
          expect(tally.odd).toEqual([]);
          expect([...tally.statuses.keys()].filter((s) => ![201, 409, 503].includes(s))).toEqual(
            [],
          );
          expect(tally.acknowledged.length).toBeGreaterThanOrEqual(ackedDuring + 20);
          expect(server.output()).not.toMatch(/Cannot read properties of null/);
        } finally {
          await kill9(server);
        }
      } finally {
        await admin.end();
        await db.drop();
      }
    },
  );
});
