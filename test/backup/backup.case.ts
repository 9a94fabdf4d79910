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
import { seedTree, testClock, testDeps } from '../support/deps.ts';
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
    });
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
}
