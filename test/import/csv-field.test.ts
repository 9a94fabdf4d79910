import { describe, expect, it } from 'vitest';
import { csvField, parseCsv } from '../../src/import/table.ts';
import { duesCsv } from '../../src/service/dues-table.ts';
import { toCsv as tableCsv } from '../../src/web/table.tsx';

/** One guard against CSV formula injection for every CSV we write (OWASP: cells starting = + - @). */
describe('csvField', () => {
  it('prefixes a cell a spreadsheet would run as a formula with an apostrophe, and quotes as RFC 4180 says', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(['+1', '-2+3', '@SUM(A1)', '\tx'].map(csvField)).toEqual([
      "'+1",
      "'-2+3",
      "'@SUM(A1)",
      "'\tx",
    ]);
    // A plain negative number is no formula (a balance difference in the 年报 table stays a number).
    expect(['张三', '2026-03', '15.00', '-3', '-0.5', 'a,b', ''].map(csvField)).toEqual([
      '张三',
      '2026-03',
      '15.00',
      '-3',
      '-0.5',
      '"a,b"',
      '',
    ]);
  });

  it('guards the dues table and the dashboard tables alike (the 年报 table calls the same csvField)', () => {
    const row = {
      member: 'm1',
      name: '=cmd|calc',
      month: '2026-03' as const,
      kind: '在职',
      base: '',
      standard: '',
      amount: '',
      replaces: '',
    };
    const dues = parseCsv(duesCsv([row]));
    expect(dues.rows[0]!.cells[1]).toBe("'=cmd|calc");
    const table = parseCsv(tableCsv({ headers: ['姓名'], rows: [[{ text: '@evil' }]] }));
    expect(table.rows[0]!.cells[0]).toBe("'@evil");
  });
});
