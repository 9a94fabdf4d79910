/**
 * Roster import, the checking half (pure): every row of a member file is read
 * against the paper roster's columns and checked — GB 11643 check character,
 * the gender and birth date the ID carries, dates, enumerations, the org — and
 * then against the ledger's own enrolment rule (`decide`), so that a row that
 * passes here is one the service can enrol. Nothing here touches the store.
 */
import { decide } from '../domain/decide.ts';
import { addDays, isIsoDate, todayOf } from '../domain/dates.ts';
import { nationalIdCheckChar } from '../domain/national-id.ts';
import { isAncestorOrSelf } from '../domain/org-tree.ts';
import type { Rules } from '../domain/rules.ts';
import type { Category, NumericDate, OrgTree, Personnel } from '../domain/types.ts';
import { PmcError } from '../errors.ts';
import type { ImportCode } from '../i18n/messages.ts';
import {
  mapColumns,
  normaliseDate,
  problem,
  type ColumnSpec,
  type RowProblem,
} from './problems.ts';
import type { Table } from './table.ts';

export type MemberField =
  | 'name'
  | 'gender'
  | 'ethnicity'
  | 'birth'
  | 'nationalId'
  | 'joined'
  | 'fullOn'
  | 'category'
  | 'personnel'
  | 'cadre'
  | 'org';

/** The paper roster's columns (花名册), with the API's field names accepted too. */
export const MEMBER_COLUMNS: readonly ColumnSpec<MemberField>[] = [
  { field: 'name', headers: ['姓名', 'name'], required: true },
  { field: 'gender', headers: ['性别', 'gender'], required: true },
  { field: 'ethnicity', headers: ['民族', 'ethnicity'] },
  { field: 'birth', headers: ['出生日期', 'birth'], required: true },
  {
    field: 'nationalId',
    headers: ['公民身份号码', '身份证号码', '身份证号', 'nationalId'],
    required: true,
  },
  { field: 'joined', headers: ['入党日期', '入党时间', 'joined'], required: true },
  { field: 'fullOn', headers: ['转正日期', '转正时间', 'fullOn'] },
  { field: 'category', headers: ['党员类别', 'category'] },
  { field: 'personnel', headers: ['人员类别', 'personnel'] },
  { field: 'cadre', headers: ['是否干部', '干部', 'cadre'] },
  { field: 'org', headers: ['所在党组织', '所在党组织编码', '党组织编码', 'org'], required: true },
];

const GENDERS: Record<string, 'M' | 'F'> = {
  男: 'M',
  m: 'M',
  male: 'M',
  女: 'F',
  f: 'F',
  female: 'F',
};
const CATEGORY_WORDS: Record<string, Category> = {
  正式党员: 'full',
  正式: 'full',
  full: 'full',
  预备党员: 'probationary',
  预备: 'probationary',
  probationary: 'probationary',
};
const PERSONNEL_WORDS: Record<string, Personnel> = {
  民警: 'police',
  police: 'police',
  辅警: 'auxiliary',
  auxiliary: 'auxiliary',
  军转干部: 'military_transfer',
  军转: 'military_transfer',
  military_transfer: 'military_transfer',
  学生: 'student',
  student: 'student',
  其他: 'other',
  other: 'other',
};
const YES_NO: Record<string, boolean> = {
  是: true,
  否: false,
  y: true,
  n: false,
  yes: true,
  no: false,
  true: true,
  false: false,
  '1': true,
  '0': false,
};

/** A row that passed every check: what enrolment takes, and where it came from. */
export interface MemberRow {
  row: number;
  name: string;
  gender: 'M' | 'F';
  ethnicity?: string;
  birth: string;
  nationalId: string;
  joined: string;
  fullOn?: string;
  category: Category;
  personnel: Personnel;
  cadre: boolean;
  org: string;
}

export interface MemberCheckContext {
  tree: OrgTree;
  rules: Rules;
  now: NumericDate;
  /** Rows must name an org in this subtree (the importing officer's). */
  scope?: string;
  /** The org that will sign the enrolments; default each row's own org. */
  signAs?: string;
}

const choose = <T>(words: Record<string, T>) => Object.keys(words).join('/');

/**
 * Checks every row; a row is valid only with no problem at all. A national ID
 * met twice in the file is a problem on the later row.
 * @example checkMemberRows(parseCsv(text), { tree, rules, now }).valid[0].nationalId
 */
export function checkMemberRows(
  table: Table,
  ctx: MemberCheckContext,
): { valid: MemberRow[]; problems: RowProblem[]; invalidRows: number } {
  const cols = mapColumns(table.headers, MEMBER_COLUMNS);
  if (cols.problems.length > 0)
    return { valid: [], problems: cols.problems, invalidRows: table.rows.length };
  const valid: MemberRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  let invalidRows = 0;
  for (const { row, cells } of table.rows) {
    const found: RowProblem[] = [];
    const cell = (f: MemberField) => {
      const i = cols.index.get(f);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const bad = (f: MemberField, code: ImportCode, vars: Record<string, string | number> = {}) =>
      found.push(problem(row, cols.columnOf(f), f, code, vars));
    const required = (f: MemberField) => {
      const v = cell(f);
      if (v === '') bad(f, 'REQUIRED');
      return v;
    };
    const date = (f: MemberField, need: boolean) => {
      const raw = need ? required(f) : cell(f);
      if (raw === '') return undefined;
      const iso = normaliseDate(raw);
      if (iso === undefined || !isIsoDate(iso)) return void bad(f, 'BAD_DATE', { value: raw });
      if (iso > todayOf(ctx.now)) return void bad(f, 'DATE_IN_FUTURE', { value: iso });
      return iso;
    };
    const word = <T>(f: MemberField, words: Record<string, T>, fallback: T) => {
      const v = cell(f);
      if (v === '') return fallback;
      const w = words[v] ?? words[v.toLowerCase()];
      if (w === undefined) bad(f, 'BAD_CHOICE', { value: v, choices: choose(words) });
      return w ?? fallback;
    };

    const name = required('name');
    if ([...name].length > 50) bad('name', 'TOO_LONG', { max: 50 });
    const genderText = required('gender');
    const gender = genderText ? GENDERS[genderText.toLowerCase()] : undefined;
    if (genderText && !gender)
      bad('gender', 'BAD_CHOICE', { value: genderText, choices: '男/女/M/F' });
    const ethnicity = cell('ethnicity');
    if ([...ethnicity].length > 20) bad('ethnicity', 'TOO_LONG', { max: 20 });
    const birth = date('birth', true);
    const nationalId = checkNationalId(required('nationalId'), (code, vars) =>
      bad('nationalId', code, vars),
    );
    if (nationalId) {
      const idBirth = `${nationalId.slice(6, 10)}-${nationalId.slice(10, 12)}-${nationalId.slice(12, 14)}`;
      if (birth && birth !== idBirth)
        bad('birth', 'BIRTH_MISMATCH', { value: birth, expected: idBirth });
      const idGender = Number(nationalId[16]) % 2 === 1 ? 'M' : 'F';
      if (gender && gender !== idGender)
        bad('gender', 'GENDER_MISMATCH', {
          value: genderText,
          expected: idGender === 'M' ? '男' : '女',
        });
      const first = seen.get(nationalId);
      if (first !== undefined) bad('nationalId', 'DUPLICATE_IN_FILE', { other: first });
      else seen.set(nationalId, row);
    }
    const joined = date('joined', true);
    if (joined && birth && joined < addYears(birth, 18))
      bad('joined', 'JOINED_UNDER_18', { value: joined });
    const fullOn = date('fullOn', false);
    const category = word(
      'category',
      CATEGORY_WORDS,
      fullOn ? 'full' : defaultCategory(joined, ctx.now),
    );
    if (fullOn && category === 'probationary') bad('fullOn', 'FULL_ON_PROBATIONARY');
    if (fullOn && joined && fullOn < joined) bad('fullOn', 'DATE_BEFORE_JOINED', { value: fullOn });
    const personnel = word('personnel', PERSONNEL_WORDS, 'other' as Personnel);
    const cadre = word('cadre', YES_NO, false);
    const org = required('org');
    const node = org ? ctx.tree.get(org) : undefined;
    if (org && !node) bad('org', 'UNKNOWN_ORG', { value: org });
    else if (node && (node.type === 'root' || node.type === 'group'))
      bad('org', 'ORG_NOT_FOR_MEMBERS', { value: org });
    else if (node && ctx.scope && !isAncestorOrSelf(ctx.tree, ctx.scope, org))
      bad('org', 'ORG_OUTSIDE', { value: org });

    if (found.length === 0) {
      const m: MemberRow = {
        row,
        name,
        gender: gender!,
        ...(ethnicity ? { ethnicity } : {}),
        birth: birth!,
        nationalId: nationalId!,
        joined: joined!,
        ...(fullOn ? { fullOn } : {}),
        category,
        personnel,
        cadre,
        org,
      };
      // The ledger's own rule has the last word: what it refuses is a problem on this row.
      try {
        decide(
          undefined,
          {
            kind: 'enroll',
            org,
            name,
            category,
            personnel,
            joined: m.joined,
            ...(fullOn ? { fullOn } : {}),
          },
          { tree: ctx.tree, rules: ctx.rules, now: ctx.now, iss: ctx.signAs ?? org },
        );
      } catch (err) {
        if (!(err instanceof PmcError)) throw err;
        const f = (err.field?.replace(/^dat\./, '') ?? 'org') as MemberField;
        const known = MEMBER_COLUMNS.some((c) => c.field === f) ? f : 'org';
        bad(known, 'RULE', { value: err.message });
      }
      if (found.length === 0) valid.push(m);
    }
    if (found.length > 0) invalidRows++;
    problems.push(...found);
  }
  return { valid, problems, invalidRows };
}

/** GB 11643: the problems an ID cell can have, the first that applies; the normalised ID if none. */
function checkNationalId(
  raw: string,
  bad: (code: ImportCode, vars?: Record<string, string | number>) => void,
): string | undefined {
  if (raw === '') return undefined;
  // 1.10105194912E+17 or an 18-digit number rounded: Excel kept it as a number.
  if (/e\+?\d+$/i.test(raw) || /^\d+\.\d+$/.test(raw)) return void bad('ID_NUMBER_CELL');
  const id = raw.replace(/\s+/g, '').toUpperCase();
  if (id.length !== 18) return void bad('ID_LENGTH', { length: id.length });
  if (!/^\d{17}[\dX]$/.test(id)) return void bad('ID_DIGITS');
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birth) || birth < '1900-01-01')
    return void bad('ID_BIRTH', { value: id.slice(6, 14) });
  const expected = nationalIdCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return void bad('ID_CHECKSUM', { expected, actual: id[17]! });
  return id;
}

const addYears = (date: string, years: number) =>
  `${String(Number(date.slice(0, 4)) + years).padStart(4, '0')}${date.slice(4)}`;

/** No 转正日期 and no 党员类别: probationary when joined within the last year (the 预备期), else full. */
function defaultCategory(joined: string | undefined, now: NumericDate): Category {
  return joined && addDays(joined, 365) > todayOf(now) ? 'probationary' : 'full';
}

/** The fields of a row that differ from the member already enrolled with the same national ID. */
export function changedFields(
  row: MemberRow,
  existing: {
    name: string;
    gender: string;
    ethnicity: string | null;
    birthDate: string;
    joinedOn: string;
    fullOn: string | null;
    category: string;
    personnel: string;
    cadre: boolean;
    orgId: string;
  },
): { field: MemberField; was: string; now: string }[] {
  const pairs: [MemberField, unknown, unknown][] = [
    ['name', existing.name, row.name],
    ['gender', existing.gender, row.gender],
    ['ethnicity', existing.ethnicity ?? '', row.ethnicity ?? ''],
    ['birth', existing.birthDate, row.birth],
    ['joined', existing.joinedOn, row.joined],
    ['fullOn', existing.fullOn ?? '', row.fullOn ?? ''],
    ['category', existing.category, row.category],
    ['personnel', existing.personnel, row.personnel],
    ['cadre', existing.cadre, row.cadre],
    ['org', existing.orgId, row.org],
  ];
  return pairs
    .filter(([, a, b]) => String(a) !== String(b))
    .map(([field, a, b]) => ({ field, was: String(a), now: String(b) }));
}
