import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personAt, ROSTER_HEADERS, rosterRow } from '../../src/demo/people.ts';
import { toCsv } from '../../src/import/table.ts';
import { fsck } from '../../src/service/fsck.ts';
import { importMembers, importOrgs, readTable } from '../../src/service/import.ts';
import { revealNationalId, showMember } from '../../src/service/members.ts';
import type { Store } from '../../src/store/db.ts';
import { seedTree, testClock, testDeps } from '../support/deps.ts';
import { openTestStore } from '../support/stores.ts';

const TODAY = '2026-12-01';
const csv = (headers: readonly string[], rows: string[][]) =>
  readTable(new TextEncoder().encode(toCsv(headers, rows)));
const roster = (ns: number[], org = 'b1') =>
  csv(
    ROSTER_HEADERS,
    ns.map((n) => rosterRow(personAt(3, n, TODAY), org)),
  );
const officer = { officer: 'test' };

export function runImportSuite(driver: Store['driver']) {
  describe(`import on ${driver}`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store, testClock(`${TODAY}T08:00:00Z`));
      await seedTree(deps);
    });
    afterAll(() => store?.close());

    it('imports an org tree in any order, each key certified by its parent; re-import changes nothing', async () => {
      const rows = [
        ['b11', '第十一党支部', '党支部', 'z1'],
        ['z1', '治安总支', '党总支', 'c1'],
      ];
      const r = await importOrgs(deps, await csv(['编码', '名称', '类型', '上级编码'], rows));
      expect(r.imported).toBe(true);
      expect(r.created.map((c) => c.id)).toEqual(['z1', 'b11']);
      const again = await importOrgs(
        deps,
        await csv(['编码', '名称', '类型', '上级编码'], [['z1', '改名', '党总支', 'c1']]),
      );
      expect(again.created).toEqual([]);
      expect(again.changed[0]!.fields).toEqual([
        { field: 'name', column: '名称', was: '治安总支', now: '改名' },
      ]);
    });

    it('writes nothing when one row is invalid, the others with --skip-invalid, nothing on a dry run', async () => {
      const bad = rosterRow(personAt(3, 2, TODAY), 'nowhere');
      const table = await csv(ROSTER_HEADERS, [rosterRow(personAt(3, 1, TODAY), 'b1'), bad]);
      const refused = await importMembers(deps, table, officer);
      expect(refused).toMatchObject({ imported: false, invalidRows: 1 });
      expect(refused.problems[0]).toMatchObject({
        row: 3,
        column: '所在党组织',
        code: 'UNKNOWN_ORG',
      });
      const dry = await importMembers(deps, table, officer, { dryRun: true, skipInvalid: true });
      expect(dry).toMatchObject({ imported: false, dryRun: true });
      const fsck0 = await fsck(deps);
      expect(fsck0.problems).toEqual([]);
      const partial = await importMembers(deps, table, officer, { skipInvalid: true });
      expect(partial.imported).toBe(true);
      expect(partial.created.map((c) => c.row)).toEqual([2]);
      const shown = await showMember(deps, partial.created[0]!.id);
      expect(shown).toMatchObject({ org: 'b1', name: personAt(3, 1, TODAY).name });
      expect(await revealNationalId(deps, shown.id)).toBe(personAt(3, 1, TODAY).nationalId);
    });

    it('enrols hundreds in batches into the log, and re-import finds each by national ID, reporting changes', async () => {
      const ns = Array.from({ length: 300 }, (_, i) => 100 + i);
      const r = await importMembers(deps, await roster(ns), officer, { batchSize: 128 });
      expect(r.created).toHaveLength(300);
      const again = await importMembers(deps, await roster(ns.slice(0, 3)), officer);
      expect(again.unchanged.map((u) => u.id)).toEqual(r.created.slice(0, 3).map((c) => c.id));
      const moved = await importMembers(deps, await roster([100], 'b2'), officer);
      expect(moved.created).toEqual([]);
      expect(moved.changed[0]).toMatchObject({
        id: r.created[0]!.id,
        fields: [{ field: 'org', column: '所在党组织', was: 'b1', now: 'b2' }],
      });
      expect((await showMember(deps, r.created[0]!.id)).org).toBe('b1');
      const checked = await fsck(deps);
      expect(checked.problems).toEqual([]);
    });
  });
}
