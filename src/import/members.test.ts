import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../domain/rules.ts';
import type { OrgNode } from '../domain/types.ts';
import { personAt, ROSTER_HEADERS, rosterRow } from '../demo/people.ts';
import { checkMemberRows } from './members.ts';
import { checkOrgRows } from './orgs.ts';
import { problemLine } from './problems.ts';
import { decodeCsvBytes, parseCsv, toCsv } from './table.ts';

const tree = new Map<string, OrgNode>([
  ['root', { id: 'root', name: '市委组织部', type: 'root', parent: null }],
  ['c1', { id: 'c1', name: '公安局党委', type: 'committee', parent: 'root' }],
  ['b1', { id: 'b1', name: '刑侦支队党支部', type: 'branch', parent: 'c1' }],
  ['c2', { id: 'c2', name: '教育局党委', type: 'committee', parent: 'root' }],
  ['b3', { id: 'b3', name: '第一中学党支部', type: 'branch', parent: 'c2' }],
]);
const now = Date.parse('2026-12-01T08:00:00Z') / 1000;
const ctx = { tree, rules: DEFAULT_RULES, now };
const good = (n: number, org = 'b1') => rosterRow(personAt(7, n, '2026-12-01'), org);
const table = (rows: string[][]) => parseCsv(toCsv(ROSTER_HEADERS, rows));
const col = (h: string) => ROSTER_HEADERS.indexOf(h as (typeof ROSTER_HEADERS)[number]);
const withCell = (row: string[], header: string, value: string) =>
  row.map((c, i) => (i === col(header) ? value : c));

describe('roster rows', () => {
  it('accepts good rows and maps the Chinese words', () => {
    const r = checkMemberRows(table([good(1), good(2)]), ctx);
    expect(r.problems).toEqual([]);
    expect(r.valid).toHaveLength(2);
    const p = personAt(7, 1, '2026-12-01');
    expect(r.valid[0]).toMatchObject({
      row: 2,
      nationalId: p.nationalId,
      gender: p.gender,
      org: 'b1',
    });
  });

  it.each([
    ['公民身份号码', (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), 'ID_CHECKSUM'],
    ['公民身份号码', (id: string) => id.slice(0, 16), 'ID_LENGTH'],
    ['公民身份号码', () => '1.10105194912E+17', 'ID_NUMBER_CELL'],
    ['出生日期', () => '1950-01-01', 'BIRTH_MISMATCH'],
    ['出生日期', () => '1950-02-30', 'BAD_DATE'],
    ['入党日期', () => '2027-01-01', 'DATE_IN_FUTURE'],
    ['所在党组织', () => 'nowhere', 'UNKNOWN_ORG'],
    ['所在党组织', () => 'root', 'ORG_NOT_FOR_MEMBERS'],
    ['人员类别', () => '工人', 'BAD_CHOICE'],
    ['姓名', () => '', 'REQUIRED'],
  ])('names row and column: %s → %s', (header, mutate, code) => {
    const row = good(3);
    const r = checkMemberRows(
      table([good(4), withCell(row, header, mutate(row[col(header)]!))]),
      ctx,
    );
    expect(r.valid).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ row: 3, column: header, code });
    expect(problemLine(r.problems[0]!, 'zh')).toMatch(new RegExp(`^第 3 行「${header}」：`));
  });

  it('checks the gender against the ID’s 17th digit, and a duplicate ID names the first row', () => {
    const row = good(5);
    const flipped = withCell(row, '性别', row[col('性别')] === '男' ? '女' : '男');
    const r = checkMemberRows(table([row, flipped]), ctx);
    expect(r.problems.map((p) => [p.row, p.field, p.code])).toEqual([
      [3, 'gender', 'GENDER_MISMATCH'],
      [3, 'nationalId', 'DUPLICATE_IN_FILE'],
    ]);
  });

  it('refuses an org outside the importer’s subtree, and reports a missing column on row 1', () => {
    const r = checkMemberRows(table([good(6, 'b3')]), { ...ctx, scope: 'c1' });
    expect(r.problems[0]).toMatchObject({ code: 'ORG_OUTSIDE', field: 'org' });
    const noOrg = parseCsv('姓名,性别\n张三,男\n');
    expect(checkMemberRows(noOrg, ctx).problems.map((p) => [p.row, p.column])).toContainEqual([
      1,
      '所在党组织',
    ]);
  });

  it('reads GBK bytes (Excel on Chinese Windows) and a BOM', () => {
    const gbk = Uint8Array.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd]); // 姓名\n张三
    expect(decodeCsvBytes(gbk)).toEqual({ text: '姓名\n张三', encoding: 'gb18030' });
    expect(decodeCsvBytes(new TextEncoder().encode('\ufeff姓名')).encoding).toBe('utf-8 (BOM)');
    expect(parseCsv('a,b\r\n"x, ""y""\nz",2\r\n\r\nq,3').rows).toEqual([
      { row: 2, cells: ['x, "y"\nz', '2'] },
      { row: 4, cells: ['q', '3'] },
    ]);
  });
});

describe('org rows', () => {
  const orgs = (rows: string[][]) => parseCsv(toCsv(['编码', '名称', '类型', '上级编码'], rows));
  it('takes parents after children, and reports nesting, missing parents and changes', () => {
    const r = checkOrgRows(
      orgs([
        ['b9', '第九党支部', '党支部', 'z9'],
        ['z9', '总支', '党总支', 'c1'],
        ['c9', '党委', '党委', 'b9'],
        ['x1', '孤儿', '党支部', 'nope'],
        ['b1', '改名了', '党支部', 'c1'],
        ['b3', '第一中学党支部', 'branch', 'c2'],
      ]),
      tree,
    );
    expect(r.valid.map((v) => v.id)).toEqual(['z9', 'b9']);
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [4, '类型', 'BAD_NESTING'],
      [5, '上级编码', 'PARENT_MISSING'],
    ]);
    expect(r.changed).toEqual([
      {
        row: expect.objectContaining({ id: 'b1' }),
        fields: [{ field: 'name', was: '刑侦支队党支部', now: '改名了' }],
      },
    ]);
    expect(r.unchanged.map((u) => u.id)).toEqual(['b3']);
  });
});
