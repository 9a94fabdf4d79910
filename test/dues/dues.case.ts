/**
 * Dues end to end on one storage driver: recording branch-months as one
 * signed batch, `due` and its gaps, back-payment limits, corrections, a
 * member transferred mid-year with one continuous record, the bundle's
 * proofs (and a tampered line or a batch signed by another branch's key
 * failing them), and imports whose errors name row and field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJws, signJws } from '../../src/crypto/jws.ts';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import type { DuesRow } from '../../src/domain/dues-record.ts';
import { InvalidRows } from '../../src/errors.ts';
import { alertsFor } from '../../src/service/alerts.ts';
import { exportBundle } from '../../src/service/bundle.ts';
import { currentCredential } from '../../src/service/credential-refresh.ts';
import { duesStandingsFor, duesTemplate, recordDues } from '../../src/service/dues.ts';
import { duesCsv, rowsFromCsv } from '../../src/service/dues-table.ts';
import { endorse } from '../../src/service/endorse.ts';
import { signerFor } from '../../src/service/keys.ts';
import { enroll } from '../../src/service/members.ts';
import { duesXlsx, rowsFromXlsx } from '../../src/cli/dues-xlsx.ts';
import type { Store } from '../../src/store/db.ts';
import { batchCount, linesOfMembers } from '../../src/store/dues.ts';
import { getMember, listEntries } from '../../src/store/queries.ts';
import type { PublicJwk } from '../../src/crypto/keys.ts';
import { seedTree, testClock, testDeps } from '../support/deps.ts';
import { person } from '../support/people.ts';
import { openTestStore } from '../support/stores.ts';

const B1 = { org: 'b1', officer: 'clerk-1' };
const B2 = { org: 'b2', officer: 'clerk-2' };

export function runDuesSuite(driver: Store['driver']) {
  describe(`dues (${driver})`, () => {
    let store: Store;
    let deps: Awaited<ReturnType<typeof testDeps>>;
    let rootJwk: PublicJwk;
    let m1: string, m2: string, m3: string;
    const clock = testClock('2026-01-15T08:00:00Z');
    const at = (month: string) => clock.set(`${month}-15T08:00:00Z`);
    const row = (r: number, member: string, over: Partial<DuesRow> = {}): DuesRow => ({
      row: r,
      member,
      kind: '在职',
      base: '4000.00',
      amount: '40.00',
      ...over,
    });
    const record = (org: string, month: string, rows: DuesRow[], skipInvalid = false) =>
      recordDues(deps, { org, month, rows, skipInvalid }, org === 'b2' ? B2 : B1);
    const due = async (id: string) => (await getMember(deps.db, id))!.duesThrough;
    const verify = async (id: string) =>
      verifyBundle(await exportBundle(deps, id), rootJwk, deps.now(), { requireLog: true });

    beforeAll(async () => {
      store = await openTestStore(driver);
      deps = await testDeps(store, clock);
      ({ rootJwk } = await seedTree(deps));
      m1 = (await enroll(deps, person({ name: '张卫国' }), B1)).id;
      m2 = (await enroll(deps, person({ name: '李红' }), B1)).id;
      m3 = (await enroll(deps, person({ name: '王强' }), B1)).id;
    }, 60_000);
    afterAll(async () => store?.close());

    it('records a branch-month as ONE signed batch whose lines the bundle proves', async () => {
      at('2026-01');
      const r = await record('b1', '2026-01', [
        row(2, m1, { base: '3000.00', amount: '15.00' }),
        row(3, m2, { base: '3,000.01', amount: '30.00' }),
        row(4, m3, { kind: '学生', base: '', amount: '0.20' }),
      ]);
      expect(r).toMatchObject({ batch: 'b1/2026-01/1', lines: 3, totalFen: 4520, signatures: 1 });
      const lines = await linesOfMembers(deps.db, [m1, m2, m3]);
      expect(lines.map((l) => [l.amount, l.base, l.rate, l.kind])).toEqual([
        [1500, 300_000, 50, 'salaried'],
        [3000, 300_001, 100, 'salaried'],
        [20, 0, 0, 'student'],
      ]);
      expect(await due(m1)).toBe('2026-01');
      // The credential is re-issued lazily: the stored one still lacks `due`, the fetched one has it.
      const fetched = await currentCredential(deps, m1);
      expect(decodeJws(fetched, 'pmc+jwt', { kidOptional: true }).claims.due).toBe('2026-01');
      const v = await verify(m1);
      expect(v, v.valid ? '' : `${v.code} ${v.at} ${v.message}`).toMatchObject({ valid: true });
      if (v.valid) expect(v.value.dues.through).toBe('2026-01');
    });

    it('prefills the next template from the declared base and kind, round trip through CSV and XLSX', async () => {
      at('2026-02');
      const rows = await duesTemplate(deps, 'b1', '2026-02');
      expect(rows.find((r) => r.member === m2)).toMatchObject({
        kind: '在职',
        base: '3000.01',
        standard: '30.00',
        amount: '30.00',
        month: '2026-02',
      });
      expect(rows.find((r) => r.member === m3)).toMatchObject({ kind: '学生', amount: '0.20' });
      const csv = duesCsv(rows);
      expect(csv.startsWith('\uFEFF党员编号,姓名,所属月份')).toBe(true);
      const fromCsv = rowsFromCsv(csv);
      const fromXlsx = await rowsFromXlsx(await duesXlsx(rows));
      expect(fromXlsx).toEqual(fromCsv);
      // m2 does not pay in February: the officer blanks the amount.
      const edited = fromCsv.map((r) => (r.member === m2 ? { ...r, amount: '' } : r));
      await record('b1', '2026-02', edited);
      expect(await due(m1)).toBe('2026-02');
      expect(await due(m2)).toBe('2026-01');
      expect(await duesTemplate(deps, 'b1', '2026-02')).toEqual([
        expect.objectContaining({ member: m2 }),
      ]);
    });

    it('a gap month breaks due until it is paid back', async () => {
      at('2026-03');
      await record('b1', '2026-03', [
        row(2, m1),
        row(3, m2),
        row(4, m3, { kind: '学生', amount: '0.20' }),
      ]);
      expect(await due(m2)).toBe('2026-01'); // February is a hole
      const v = await verify(m2);
      expect(v.valid && v.value.dues.through).toBe('2026-01');
      await record('b1', '2026-03', [row(2, m2, { month: '2026-02', amount: '30.00' })]);
      expect(await due(m2)).toBe('2026-03');
      const after = await verify(m2);
      expect(after, after.valid ? '' : after.message).toMatchObject({ valid: true });
    });

    it('refuses a back-payment beyond 6 months, naming row and field, recording nothing', async () => {
      at('2026-08');
      const before = await batchCount(deps.db);
      const err = await record('b1', '2026-08', [
        row(2, m1),
        row(3, m1, { month: '2026-02', amount: '40.00' }), // 6 months back: allowed, but paid already
      ]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRows);
      expect((err as InvalidRows).rows).toEqual([
        expect.objectContaining({ row: 3, field: 'month', reason: 'ALREADY_PAID' }),
      ]);
      const tooOld = await record('b1', '2026-08', [row(5, m3, { month: '2026-01' })]).catch(
        (e: unknown) => e,
      );
      expect((tooOld as InvalidRows).rows).toEqual([
        expect.objectContaining({ row: 5, field: 'month', reason: 'BACK_PAY_LIMIT' }),
      ]);
      expect(await batchCount(deps.db)).toBe(before);
    });

    it('a correction names the line it replaces; nothing is edited', async () => {
      at('2026-04');
      const lines = await linesOfMembers(deps.db, [m1]);
      const feb = lines.find((l) => l.month === '2026-02')!;
      await record('b1', '2026-04', [
        row(2, m1, { month: '2026-02', amount: '0', replaces: feb.ref }),
      ]);
      expect(await due(m1)).toBe('2026-01');
      const all = await linesOfMembers(deps.db, [m1]);
      expect(all.find((l) => l.ref === feb.ref)?.amount).toBe(1500); // still there, as signed
      const v = await verify(m1);
      expect(v, v.valid ? '' : v.message).toMatchObject({ valid: true });
      if (v.valid) expect(v.value.dues.through).toBe('2026-01');
      // Correcting the same line twice is refused.
      const again = await record('b1', '2026-04', [
        row(2, m1, { month: '2026-02', replaces: feb.ref }),
      ]).catch((e: unknown) => e);
      expect((again as InvalidRows).rows[0]).toMatchObject({ field: 'replaces' });
    });

    it('a tampered line fails its proof; a batch signed with another branch’s key fails its signature', async () => {
      const bundle = await exportBundle(deps, m1);
      const tampered = structuredClone(bundle);
      tampered.dues[0]!.line.amount += 1;
      expect(await verifyBundle(tampered, rootJwk, deps.now())).toMatchObject({
        valid: false,
        code: 'BAD_DUES_PROOF',
        at: 'dues[0]',
      });
      const forged = structuredClone(bundle);
      const { claims } = decodeJws(forged.dues[0]!.batch, 'pmc-dues+jwt');
      const b2 = await signerFor(deps, 'b2');
      forged.dues[0]!.batch = await signJws(claims, 'pmc-dues+jwt', b2);
      expect(await verifyBundle(forged, rootJwk, deps.now())).toMatchObject({
        valid: false,
        code: 'BAD_DUES_SIGNATURE',
        at: 'dues[0].batch',
      });
    });

    it('a member transferred mid-year keeps one continuous record: the origin collects until arrival', async () => {
      at('2026-05');
      const id = (await enroll(deps, person({ name: '赵敏' }), B1)).id;
      await record('b1', '2026-05', [row(2, id)]);
      at('2026-06');
      const out = await endorse(deps, {
        memberId: id,
        intent: { kind: 'transfer_out', to: 'b2', reason: '工作调动' },
        actor: B1,
      });
      const transfer = (await listEntries(deps.db, id)).find((e) => e.seq === out.seq)!;
      expect((transfer.claims.dat as { due?: string }).due).toBe('2026-05'); // 党费已交到 on the letter
      // In transit: b1 still holds the relationship and collects June; b2 may not.
      const early = await record('b2', '2026-06', [row(2, id)]).catch((e: unknown) => e);
      expect((early as InvalidRows).rows[0]).toMatchObject({
        field: 'member',
        reason: 'NOT_MEMBER',
      });
      await record('b1', '2026-06', [row(2, id)]);
      at('2026-07');
      await endorse(deps, { memberId: id, intent: { kind: 'arrival' }, actor: B2 });
      await record('b2', '2026-07', [row(2, id, { amount: '45.00' })]);
      expect(await due(id)).toBe('2026-07');
      const v = await verify(id);
      expect(v, v.valid ? '' : `${v.code} ${v.at} ${v.message}`).toMatchObject({ valid: true });
      if (v.valid) {
        expect(v.value.dues.through).toBe('2026-07');
        expect(v.value.dues.lines.map((l) => l.ref.split('/')[0])).toEqual(['b1', 'b1', 'b2']);
      }
    });

    it('import errors name row and field and record nothing; --skip-invalid records the rest', async () => {
      at('2026-09');
      const before = await batchCount(deps.db);
      const csv =
        '\uFEFF党员编号,姓名,所属月份,交纳类别,税后月收入（元）,应交金额（元）,实交金额（元）,更正行\r\n' +
        `${m1},张卫国,,在职,4000.00,40.00,40.00,\r\n` +
        `${m2},李红,,在职,4000.00,40.00,四十,\r\n` +
        `nobody,某人,,在职,4000.00,40.00,40.00,\r\n` +
        `${m3},王强,2026-13,学生,,0.20,0.20,\r\n`;
      const err = await record('b1', '2026-09', rowsFromCsv(csv)).catch((e: unknown) => e);
      expect((err as InvalidRows).rows.map((r) => [r.row, r.field])).toEqual([
        [3, 'amount'],
        [4, 'member'],
        [5, 'month'],
      ]);
      expect(await batchCount(deps.db)).toBe(before);
      const r = await record('b1', '2026-09', rowsFromCsv(csv), true);
      expect(r).toMatchObject({ lines: 1, signatures: 1 });
      expect(r.skipped.map((s) => s.row)).toEqual([3, 4, 5]);
    });

    it('alerts: a warning after 3 unpaid months, the 党章 art. 9 case after 6 in a row', async () => {
      at('2027-01');
      const id = (await enroll(deps, person({ name: '孙立' }), B1)).id;
      await record('b1', '2027-01', [row(2, id)]);
      for (const m of ['2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07']) {
        at(m);
        await record('b1', m, [row(2, id, { amount: '' })]);
      }
      const mine = async (month: string) => {
        at(month);
        return (await alertsFor(deps, ['b1'], { hrDays: 30 })).filter((a) => a.member?.id === id);
      };
      expect(await mine('2027-03')).toEqual([]); // February unpaid: one month
      expect(await mine('2027-05')).toEqual([
        expect.objectContaining({
          type: 'dues_warn',
          detail: expect.objectContaining({ unpaidMonths: 3, due: '2027-01' }),
        }),
      ]);
      expect(await mine('2027-08')).toEqual([
        expect.objectContaining({
          type: 'dues_lapse',
          detail: expect.objectContaining({ unpaidMonths: 6 }),
        }),
      ]);
      // Paid back (at most 6 months): the alert goes.
      await record('b1', '2027-08', [
        row(2, id, { month: '2027-02' }),
        row(3, id, { month: '2027-03' }),
        row(4, id, { month: '2027-04' }),
        row(5, id, { month: '2027-05' }),
        row(6, id, { month: '2027-06' }),
        row(7, id, { month: '2027-07' }),
      ]);
      expect(await mine('2027-08')).toEqual([]);
      expect(await due(id)).toBe('2027-07');
      // For the annual filing: consecutive unpaid months at the cut-off and fen collected in the year.
      const standings = await duesStandingsFor(deps, ['b1'], 2027);
      expect(standings?.find((s) => s.member === id)).toEqual({
        member: id,
        unpaidMonths: 5, // August–December 2027 not yet recorded
        collectedFen: 7 * 4000,
      });
      expect(await duesStandingsFor(deps, ['b3'], 2027)).toBeUndefined();
    });

    it('停止党籍 owes nothing: after 恢复党籍, due walks over the stop and no month of it counts unpaid', async () => {
      at('2028-01');
      const id = (await enroll(deps, person({ name: '周停' }), B1)).id;
      await record('b1', '2028-01', [row(2, id)]);
      at('2028-02');
      await record('b1', '2028-02', [row(2, id)]);
      const status = (change: 'stopped' | 'restored', date: string) =>
        endorse(deps, {
          memberId: id,
          intent: { kind: 'status', change, date, reason: '依《党员教育管理工作条例》' },
          actor: B1,
        });
      await status('stopped', '2028-02-15');
      // March–May: stopped, so in no dues table; restored in June, which is owed again.
      at('2028-06');
      await status('restored', '2028-06-10');
      expect(await due(id)).toBe('2028-02');
      await record('b1', '2028-06', [row(2, id)]);
      expect(await due(id)).toBe('2028-06');
      const v = await verify(id);
      expect(v, v.valid ? '' : `${v.code} ${v.at} ${v.message}`).toMatchObject({ valid: true });
      if (v.valid) expect(v.value.dues.through).toBe('2028-06');
      at('2028-07');
      const alerts = (await alertsFor(deps, ['b1'], { hrDays: 30 })).filter(
        (a) => a.member?.id === id,
      );
      expect(alerts).toEqual([]);
      // The filing counts July–December (not yet recorded) as unpaid, never March–May.
      const standings = await duesStandingsFor(deps, ['b1'], 2028);
      expect(standings?.find((s) => s.member === id)).toEqual({
        member: id,
        unpaidMonths: 6,
        collectedFen: 3 * 4000,
      });
      // The stop's own month is owed: a credential claiming June over an unpaid month fails.
      const other = (await enroll(deps, person({ name: '吴缺' }), B1)).id;
      at('2028-08');
      await record('b1', '2028-08', [row(2, other)]);
      at('2028-09');
      await record('b1', '2028-09', [row(2, other, { amount: '' })]);
      await endorse(deps, {
        memberId: other,
        intent: { kind: 'status', change: 'stopped', date: '2028-09-10', reason: '依条例' },
        actor: B1,
      });
      at('2028-11');
      await endorse(deps, {
        memberId: other,
        intent: { kind: 'status', change: 'restored', date: '2028-11-05', reason: '依条例' },
        actor: B1,
      });
      await record('b1', '2028-11', [row(2, other)]);
      expect(await due(other)).toBe('2028-08'); // September was owed and is unpaid
    });
  });
}
