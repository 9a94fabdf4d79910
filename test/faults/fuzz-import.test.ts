import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/domain/rules.ts';
import { birthDateFromNationalId, validateNationalId } from '../../src/domain/national-id.ts';
import { PmcError } from '../../src/errors.ts';
import { checkMemberRows } from '../../src/import/members.ts';
import { checkOrgRows } from '../../src/import/orgs.ts';
import { decodeCsvBytes, parseCsv, type Table } from '../../src/import/table.ts';
import { toXlsx } from '../../src/import/xlsx.ts';
import { readTable } from '../../src/service/import.ts';
import { TREE } from '../support/domain.ts';
import { person } from '../support/people.ts';

/**
 * Fuzzing of the import files an officer uploads (roster and org tree, CSV in any encoding
 * Excel writes, and XLSX): random and mutated bytes. Nothing but a clean refusal (a PmcError) is
 * thrown, nothing hangs, and every row the checks pass is a row a valid file could hold: its
 * national ID passes GB 11643 and agrees with its birth date, its org is in the tree.
 * `PMC_FUZZ_SCALE=10` runs ten times as many.
 */
const SCALE = Number(process.env.PMC_FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.round(n * SCALE);
const NOW = Date.parse('2026-03-01T08:00:00Z') / 1000;

const HEADERS = [
  '姓名',
  '性别',
  '民族',
  '出生日期',
  '公民身份号码',
  '入党日期',
  '人员类别',
  '所在党组织',
];
const rosterRows = () =>
  ['b1', 'b2', 'b3'].map((org, i) => {
    const p = person({ org, birth: `198${i}-0${i + 1}-1${i}` });
    const gender = Number(p.nationalId[16]) % 2 === 1 ? '男' : '女'; // GB 11643: odd is male
    return [p.name, gender, '汉族', p.birth, p.nationalId, p.joined, '民警', org];
  });
const csvOf = (headers: string[], rows: string[][]) =>
  `\ufeff${[headers, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;

/** One byte replaced, inserted or deleted, a cut, or a run of random bytes spliced in. */
const byteMutation = (bytes: Uint8Array) =>
  fc
    .tuple(
      fc.nat({ max: bytes.length - 1 }),
      fc.integer({ min: 0, max: 4 }),
      fc.uint8Array({ minLength: 1, maxLength: 8 }),
    )
    .map(([i, op, junk]) => {
      const b = [...bytes];
      if (op === 0) b.splice(i, junk.length, ...junk);
      else if (op === 1) b.splice(i, 0, ...junk);
      else if (op === 2) b.splice(i, 1);
      else if (op === 3) b.length = i;
      else b.splice(i, 0, ...junk, ...junk, ...junk);
      return Uint8Array.from(b);
    });

function checkRoster(table: Table) {
  const r = checkMemberRows(table, { tree: TREE, rules: DEFAULT_RULES, now: NOW });
  for (const row of r.valid) {
    expect(validateNationalId(row.nationalId)).toBe(row.nationalId);
    expect(birthDateFromNationalId(row.nationalId)).toBe(row.birth);
    expect(TREE.has(row.org)).toBe(true);
    expect(row.name.trim()).not.toBe('');
  }
  // A refused row is named by its number and the column at fault.
  for (const p of r.problems) expect(p.row === undefined || Number.isInteger(p.row)).toBe(true);
  return r;
}

/** Runs `f`; a thrown PmcError is a clean refusal, anything else fails the case. */
async function refusedCleanly(f: () => unknown | Promise<unknown>, what: string) {
  const t0 = performance.now();
  try {
    await f();
  } catch (err) {
    if (!(err instanceof PmcError)) throw err;
  }
  const ms = performance.now() - t0;
  if (ms > 2000) throw new Error(`${what} took ${ms.toFixed(0)} ms`);
}

describe('fuzzing the import files', () => {
  let csv: Uint8Array;
  let xlsx: Uint8Array;
  beforeAll(async () => {
    csv = new TextEncoder().encode(csvOf(HEADERS, rosterRows()));
    xlsx = await toXlsx(HEADERS, rosterRows());
  });

  it('the unmutated files give three valid rows (the oracle the mutations are judged by)', async () => {
    expect(checkRoster(parseCsv(decodeCsvBytes(csv).text)).valid).toHaveLength(3);
    expect(checkRoster(await readTable(xlsx)).valid).toHaveLength(3);
  });

  it('roster CSV: mutated and random bytes; only rows a valid file could hold pass', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          { weight: 4, arbitrary: byteMutation(csv) },
          { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }) },
        ),
        async (bytes) =>
          refusedCleanly(() => {
            const { text, encoding } = decodeCsvBytes(bytes);
            checkRoster(parseCsv(text, encoding));
          }, 'roster CSV'),
      ),
      { numRuns: runs(20_000) },
    );
  }, 300_000);

  it('org-tree CSV: mutated and random text; every valid row names an id, a name and a known type', async () => {
    const orgs = csvOf(
      ['编码', '名称', '类型', '上级编码'],
      [
        ['b9', '新党支部', '党支部', 'c1'],
        ['c9', '新党委', '党委', 'root'],
      ],
    );
    const bytes = new TextEncoder().encode(orgs);
    await fc.assert(
      fc.asyncProperty(byteMutation(bytes), async (b) =>
        refusedCleanly(() => {
          const r = checkOrgRows(parseCsv(decodeCsvBytes(b).text), TREE);
          for (const row of [...r.valid, ...r.unchanged]) {
            expect(row.id.trim()).not.toBe('');
            expect(row.name.trim()).not.toBe('');
          }
        }, 'org CSV'),
      ),
      { numRuns: runs(10_000) },
    );
  }, 300_000);

  it('roster XLSX: mutated zip bytes are refused cleanly or read as a table whose rows are checked', async () => {
    await fc.assert(
      fc.asyncProperty(byteMutation(xlsx), async (bytes) =>
        refusedCleanly(async () => checkRoster(await readTable(bytes)), 'roster XLSX'),
      ),
      { numRuns: runs(150) },
    );
  }, 300_000);
});
