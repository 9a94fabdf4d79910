import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personAt, ROSTER_HEADERS, rosterRow } from '../../src/demo/people.ts';
import { toCsv } from '../../src/import/table.ts';
import { restoreBackup, writeBackup } from '../../src/service/backup.ts';
import { exportBundle } from '../../src/service/bundle.ts';
import { endorse } from '../../src/service/endorse.ts';
import { fsck } from '../../src/service/fsck.ts';
import { importMembers, readTable } from '../../src/service/import.ts';
import { integrate } from '../../src/service/log.ts';
import type { Store } from '../../src/store/db.ts';
import { gunzipSync } from 'node:zlib';
import { createApiToken } from '../../src/service/tokens.ts';
import { seedTree, testClock, testDeps } from '../support/deps.ts';
import { Client, officer, testApp } from '../support/http.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

async function* linesOf(xs: string[]) {
  yield* xs;
}

export function runBackupSuite(driver: Store['driver']) {
  describe(`backup and restore on ${driver}`, () => {
    let a: Store;
    let b: Store;
    beforeAll(async () => {
      [a, b] = await Promise.all([openTestStore(driver), openTestStore(driver)]);
    }, 300_000);
    afterAll(async () => {
      await a?.close();
      await b?.close();
    });

    it('restores into an empty database: fsck passes and every bundle is byte-identical', async () => {
      const deps = await testDeps(a, testClock('2026-06-01T08:00:00Z'));
      await seedTree(deps);
      const csv = toCsv(
        ROSTER_HEADERS,
        Array.from({ length: 12 }, (_, i) => rosterRow(personAt(5, i, '2026-06-01'), 'b1')),
      );
      const { created } = await importMembers(
        deps,
        await readTable(new TextEncoder().encode(csv)),
        {
          officer: 't',
        },
      );
      await endorse(deps, {
        memberId: created[0]!.id,
        intent: { kind: 'transfer_out', to: 'b3' },
        actor: { org: 'c1', officer: 't' },
      });
      deps.clock.advanceDays(3);
      await integrate(deps);
      const before = await Promise.all(created.map((c) => exportBundle(deps, c.id)));

      const lines: string[] = [];
      const counts = await writeBackup(a.db, (l) => void lines.push(l));
      expect(counts.members).toBe(12);

      const restored = { ...deps, db: b.db, keyCache: new Map(), ledger: undefined };
      await restoreBackup(b.db, linesOf(lines));
      expect((await fsck(restored)).problems).toEqual([]);
      const after = await Promise.all(created.map((c) => exportBundle(restored, c.id)));
      expect(after.map((x) => JSON.stringify(x))).toEqual(before.map((x) => JSON.stringify(x)));
      // A second restore into a database that now has data is refused, changing nothing.
      await expect(restoreBackup(b.db, linesOf(lines))).rejects.toThrow(/empty database/);
    });
  });

  describe(`online backup of a running server on ${driver}`, () => {
    let c: Store;
    let d: Store;
    beforeAll(async () => {
      [c, d] = await Promise.all([openTestStore(driver), openTestStore(driver)]);
    }, 300_000);
    afterAll(async () => {
      await c?.close();
      await d?.close();
    });

    it('backs up a running server while it takes writes (GET /api/backup); the restore passes fsck', async () => {
      const { app, deps } = await testApp(c);
      await seedTree(deps);
      await officer(deps, 'root-sec', [{ org: 'root', role: 'secretary' }]);
      await officer(deps, 'b1-clerk', [{ org: 'b1', role: 'clerk' }]);
      const { token } = await createApiToken(
        deps,
        { org: 'root', name: 'nightly backup', abilities: ['backup:read'] },
        'root-sec',
      );
      const clerk = await Client.login(app, 'b1-clerk');
      const enrolled: string[] = [];
      const enrol = async (n: number) => {
        for (let i = 0; i < n; i++) {
          const res = await clerk.post('/api/members', {
            ...person({ name: `备份${i}` }),
            org: 'b1',
          });
          expect(res.status).toBe(201);
          enrolled.push(((await res.json()) as { id: string }).id);
        }
      };
      await enrol(3);
      // The backup runs while enrolments keep arriving.
      const writes = enrol(12);
      const [viaToken, viaSession] = await Promise.all([
        Client.withToken(app, token).get('/api/backup'),
        (await Client.login(app, 'root-sec')).get('/api/backup'),
        writes,
      ]);
      for (const res of [viaToken, viaSession]) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/gzip');
        expect(res.headers.get('content-disposition')).toMatch(
          /attachment; filename="pmcert-.*\.jsonl\.gz"/,
        );
      }
      const lines = gunzipSync(new Uint8Array(await viaToken.arrayBuffer()))
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== '');
      const restored = { ...deps, db: d.db, keyCache: new Map(), ledger: undefined };
      const counts = await restoreBackup(d.db, linesOf(lines));
      expect(counts.members).toBeGreaterThanOrEqual(3);
      expect(counts.members).toBeLessThanOrEqual(15);
      expect((await fsck(restored)).problems).toEqual([]);
      // A non-root secretary may not take one (the matrix has every principal at c1).
      await officer(deps, 'c1-sec', [{ org: 'c1', role: 'secretary' }]);
      expect((await (await Client.login(app, 'c1-sec')).get('/api/backup')).status).toBe(403);
      expect(enrolled).toHaveLength(15);
    });
  });
}
