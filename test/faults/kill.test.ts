import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { fsck } from '../../src/service/fsck.ts';
import type { Store } from '../../src/store/db.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { DRIVERS, createTestDatabase } from '../support/stores.ts';
import {
  depsOf,
  endorseLoad,
  kill9,
  setUpInstallation,
  startServe,
  type LoadTally,
} from './support/server.ts';

const rowsOf = (res: unknown): Record<string, unknown>[] =>
  (Array.isArray(res) ? res : ((res as { rows?: unknown[] }).rows ?? [])) as Record<
    string,
    unknown
  >[];

/**
 * kill -9 of the server while officers endorse: every entry the server
 * acknowledged (201) is in the database after it is reopened, none is there
 * twice, and fsck finds nothing wrong. On PGlite this is the embedded
 * database killed mid-write and reopened from its data dir.
 */
describe.each(DRIVERS)('kill -9 of the server under endorsement load (%s)', (driver) => {
  it(
    'acknowledged entries survive, none duplicated, fsck clean',
    { timeout: 180_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'pmc-kill-'));
      const db = driver === 'postgres' ? await createTestDatabase() : undefined;
      const open = (): Promise<Store> =>
        db ? openPostgres(db.url, { max: 4 }) : openPglite(join(dir, 'pglite'));
      try {
        const setup = await open();
        const { kekText, members } = await setUpInstallation(setup, { clients: 6, perClient: 4 });
        await setup.close();

        const env: Record<string, string> = { PMC_KEK: kekText };
        if (db) env.DATABASE_URL = db.url;
        else Object.assign(env, { PMC_DATA_DIR: dir, DATABASE_URL: '' });
        const server = await startServe(env, db ? ['--workers', '2'] : []);
        let killed = false;
        const tally: LoadTally = { acknowledged: [], statuses: new Map(), odd: [] };
        const load = endorseLoad(server.base, members, () => killed, tally);
        // Let writes flow (3 s, and at least 40 acknowledged), then kill the whole process group
        // without warning, mid-write.
        const started = Date.now();
        const since = () => Date.now() - started;
        while (since() < 3000 || (tally.acknowledged.length < 40 && since() < 40_000))
          await new Promise((r) => setTimeout(r, 50));
        await kill9(server);
        killed = true;
        await load;
        expect(tally.odd).toEqual([]);

        const store = await open(); // PGlite: recovery from its WAL in the data dir
        try {
          const present = new Map<string, string>();
          for (const r of rowsOf(
            await store.db.execute(sql`select member_id, seq, hash from ledger_entries`),
          ))
            present.set(`${r.member_id}/${r.seq}`, String(r.hash));
          const lost = tally.acknowledged.filter(
            (a) => present.get(`${a.member}/${a.seq}`) !== a.hash,
          );
          const [dup] = rowsOf(
            await store.db.execute(
              sql`select (select count(*) from ledger_entries) - (select count(distinct hash) from ledger_entries) as dup`,
            ),
          );
          const duplicated = Number(dup?.dup ?? 0);
          const report = await fsck(await depsOf(store, kekText));
          console.log(
            `${driver}: acknowledged ${tally.acknowledged.length}, present ${tally.acknowledged.length - lost.length}, lost ${lost.length}, duplicated ${duplicated}; fsck problems ${report.problems.length}; statuses`,
            Object.fromEntries(tally.statuses),
          );
          expect(tally.acknowledged.length).toBeGreaterThan(10);
          expect(lost).toEqual([]);
          expect(duplicated).toBe(0);
          expect(report.problems).toEqual([]);
        } finally {
          await store.close();
        }
      } finally {
        await db?.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
