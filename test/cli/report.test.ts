import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { person } from '../support/people.ts';

/**
 * `pmcert report` through the real binary on embedded PGlite, with PMC_NOW
 * moving a year's cycle: compute, file bottom-up, accept, pull, export, and
 * the offline audit (exit 0; exit 1 naming a tampered stored figure).
 */
describe('pmcert report (annual statistics) on pglite', () => {
  let dir: string;
  const env = (now: string) => ({
    PMC_DATA_DIR: join(dir, 'data'),
    DATABASE_URL: undefined,
    PMC_KEK: undefined,
    PMC_NOW: now,
  });
  const at = (now: string, ...args: string[]) => runCli(args, { cwd: dir, env: env(now) });
  const Y = '2026-03-01T09:00:00Z';
  const NEXT = '2027-01-10T09:00:00Z';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmc-report-'));
    expect((await at(Y, 'init', '--root-name', '市委组织部')).code).toBe(0);
    for (const [id, type, parent] of [
      ['c1', 'committee', 'root'],
      ['b1', 'branch', 'c1'],
    ]) {
      const r = await at(
        Y,
        'org',
        'add',
        '--id',
        id!,
        '--name',
        `组织${id}`,
        '--type',
        type!,
        '--parent',
        parent!,
      );
      expect(r.code, r.stderr).toBe(0);
    }
    for (const birth of ['1980-01-02', '1990-05-06']) {
      const p = person({ birth });
      const r = await at(
        Y,
        ...['member', 'enroll', '--org', 'b1', '--name', '王伟', '--national-id', p.nationalId],
        ...['--gender', 'M', '--birth', birth, '--joined', '2010-07-01'],
      );
      expect(r.code, r.stderr).toBe(0);
    }
  }, 400_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('computes, files bottom-up, accepts, pulls and exports', async () => {
    const computed = await at(NEXT, 'report', 'compute', '--org', 'c1', '--year', '2026', '--json');
    expect(computed.code, computed.stderr).toBe(0);
    expect(JSON.parse(computed.stdout).balance).toMatchObject({
      transferredInOutside: 2,
      closing: 2,
    });

    const cover = ['--filer', '李四', '--responsible', '王五', '--phone', '010-1234'];
    const early = await at(NEXT, 'report', 'file', '--org', 'c1', '--year', '2026', ...cover);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('CHILDREN_PENDING');
    expect((await at(NEXT, 'report', 'file', '--org', 'b1', '--year', '2026', ...cover)).code).toBe(
      0,
    );
    expect((await at(NEXT, 'report', 'accept', '--org', 'b1', '--year', '2026')).code).toBe(0);
    const c1 = await at(NEXT, 'report', 'file', '--org', 'c1', '--year', '2026', ...cover);
    expect(c1.code, c1.stderr).toBe(0);
    expect(c1.stdout).toContain('version 1');

    const pull = await at(NEXT, 'report', 'pull', '--org', 'c1', '--year', '2026');
    expect(pull.stdout).toMatch(/b1\t.*\tAccepted\tv1\t.*\tverified/);

    const xlsx = join(dir, 'c1.xlsx');
    expect(
      (await at(NEXT, 'report', 'export', '--org', 'c1', '--year', '2026', '--out', xlsx)).code,
    ).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const ws = wb.getWorksheet('党内统计')!;
    expect(ws.getCell(2, 5).value).toBe('增加');
    expect(ws.getCell(2, 6).isMerged).toBe(true);
    expect(ws.getCell(3, 4).value).toBe('上年末党员数');
    expect(ws.getRow(4).getCell(1).value).toBe('b1');
    expect(ws.getRow(5).getCell(15).value).toBe(2); // c1 实有党员数
    const csv = join(dir, 'c1.csv');
    await at(NEXT, 'report', 'export', '--org', 'c1', '--year', '2026', '--out', csv);
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFF组织编码,组织名称,报送状态')).toBe(true);
  }, 600_000);

  it('audits offline with only the root key, and names a tampered stored figure', async () => {
    const root = join(dir, 'keys/root.jwk');
    const ok = await at(NEXT, 'report', 'audit', '--org', 'c1', '--year', '2026', '--root', root);
    expect(ok.stdout).toContain('every figure recomputes');
    expect(ok.code).toBe(0);

    const file = join(dir, 'ev.json');
    expect(
      (await at(NEXT, 'report', 'evidence', '--org', 'c1', '--year', '2026', '--out', file)).code,
    ).toBe(0);
    const ev = JSON.parse(readFileSync(file, 'utf8'));
    expect(ev.timed.length).toBeGreaterThan(0); // the clean audit checked cosigned checkpoints
    ev.stored.fig.balance.closing = 9;
    writeFileSync(file, JSON.stringify(ev));
    const bad = await at(
      NEXT,
      'report',
      'audit',
      '--org',
      'c1',
      '--year',
      '2026',
      '--root',
      root,
      '--evidence',
      file,
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('STORED\tfig.balance.closing');
    const unknown = await at(NEXT, 'report', 'audit', '--bogus');
    expect(unknown.code).toBe(2);
  }, 300_000);

  it('names an entry dated June but logged after the checkpoint the log cosigned in July', async () => {
    const [JUNE, JULY, AFTER] = ['2027-06-01', '2027-07-01', '2028-01-10'].map(
      (d) => `${d}T09:00:00Z`,
    );
    const enrollAt = async (now: string) => {
      const p = person({ birth: '1985-03-04' });
      const r = await at(
        now,
        ...['member', 'enroll', '--org', 'b1', '--name', '李娜', '--national-id', p.nationalId],
        ...['--gender', 'F', '--birth', '1985-03-04', '--joined', '2012-07-01'],
      );
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const inJuly = await enrollAt(JULY!);
    // An export integrates: the log signs and cosigns July's checkpoint.
    expect((await at(JULY!, 'export', inJuly, '--out', join(dir, 'july.json'))).code).toBe(0);
    const late = await enrollAt(JUNE!); // entered after July's checkpoint, dated June
    const cover = ['--filer', '李四', '--responsible', '王五', '--phone', '010-1234'];
    const explain = ['--explain-change', '新接收党员2名'];
    for (const args of [
      ['file', '--org', 'b1', ...cover, ...explain],
      ['return', '--org', 'b1', '--reason', '封面电话有误'],
      ['file', '--org', 'b1', ...cover, ...explain],
      ['accept', '--org', 'b1'],
      ['file', '--org', 'c1', ...cover, ...explain],
    ]) {
      const r = await at(AFTER!, 'report', ...args, '--year', '2027');
      expect(r.code, r.stderr).toBe(0);
    }
    const pull = await at(AFTER!, 'report', 'pull', '--org', 'c1', '--year', '2027');
    expect(pull.stdout).toMatch(/b1\t.*\tAccepted\tv2\t/);
    expect(pull.stdout).toContain(`backdated ${late}#1 enroll`);
    const root = join(dir, 'keys/root.jwk');
    const audit = await at(
      AFTER!,
      'report',
      'audit',
      '--org',
      'c1',
      '--year',
      '2027',
      '--root',
      root,
    );
    expect(audit.stdout).toContain(`BACKDATED\tmember ${late} entry 1\t`);
    expect(audit.stdout).not.toContain('FIGURE'); // only the timed rule catches it
    expect(audit.stdout).toContain('1 findings');
    expect(audit.code).toBe(1);
  }, 300_000);
});
