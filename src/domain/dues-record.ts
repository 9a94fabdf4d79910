/**
 * Recording a branch-month: the rows an officer submits (from the page, the
 * API or a CSV/XLSX file) checked against the branch's members and their
 * earlier lines, giving the lines to sign or, per row, what is wrong.
 */
import type { MemberStatus } from './types.ts';
import {
  isDuesKind,
  isMonth,
  monthIndex,
  parseYuan,
  standardDues,
  type DuesLine,
  type Month,
  type PlacedLine,
} from './dues.ts';
import { effectiveMonths } from './dues-standing.ts';
import { DEFAULT_RULES, type DuesKind, type Rules } from './rules.ts';
import { InvalidInput } from '../errors.ts';

/** One submitted row, values as written (元 as text); `row` is the number the officer sees. */
export interface DuesRow {
  row: number;
  member: string;
  /** the month paid for; blank = the batch's month */
  month?: string;
  kind?: string;
  /** monthly after-tax income in 元 (the base); blank for students / low income */
  base?: string;
  /** amount paid in 元; blank or 0 = unpaid this month */
  amount?: string;
  /** `<batch id>#<index>` of the line this row corrects */
  replaces?: string;
}

/** Why a row was refused; the message catalogue (DUES_ROW_TITLES) has each in Chinese and English. */
export const DUES_ROW_REASONS = [
  'NOT_MEMBER',
  'MEMBER_CLOSED',
  'BAD_MONTH',
  'LATER_MONTH',
  'BACK_PAY_LIMIT',
  'BAD_KIND',
  'BAD_BASE',
  'BASE_NEEDED',
  'BAD_AMOUNT',
  'DUPLICATE_ROW',
  'ALREADY_PAID',
  'UNKNOWN_LINE',
  'ALREADY_CORRECTED',
] as const;
export type DuesRowReason = (typeof DUES_ROW_REASONS)[number];

export interface RowError {
  row: number;
  field: keyof Omit<DuesRow, 'row'>;
  reason: DuesRowReason;
  message: string;
}

export interface DuesMemberInfo {
  id: string;
  /** the org holding the member's formal relationship (the origin while in transit) */
  org: string;
  status: MemberStatus;
}

export interface RecordContext {
  org: string;
  /** the batch's month */
  month: Month;
  /** the current month: nothing is recorded for later months */
  current: Month;
  members: ReadonlyMap<string, DuesMemberInfo>;
  /** the members' earlier lines */
  existing: readonly PlacedLine[];
  rules?: Pick<Rules, 'duesBackPayMonths'>;
}

export interface DuesPlan {
  lines: (DuesLine & { row: number })[];
  errors: RowError[];
}

/** Chinese labels of the kinds, as written in templates, and the codes themselves. */
export const DUES_KIND_LABELS: Record<DuesKind, string> = {
  salaried: '在职',
  retired: '离退休',
  student: '学生',
  low_income: '低收入',
};
const KIND_BY_LABEL = new Map<string, DuesKind>(
  Object.entries(DUES_KIND_LABELS).flatMap(([k, label]) => [
    [label, k as DuesKind],
    [k, k as DuesKind],
  ]),
);

/**
 * Checks every row and returns the lines to sign and every row's errors; a
 * caller records nothing while `errors` is non-empty, unless told to skip
 * the invalid rows (their lines are then simply absent).
 * @example planDues([{ row: 2, member: 'm1', base: '4000.00', kind: '在职', amount: '40.00' }], ctx).lines[0].amount // 4000
 */
export function planDues(rows: readonly DuesRow[], ctx: RecordContext): DuesPlan {
  const rules = ctx.rules ?? DEFAULT_RULES;
  if (!isMonth(ctx.month)) throw new InvalidInput('month', 'month must be YYYY-MM');
  if (monthIndex(ctx.month) > monthIndex(ctx.current))
    throw new InvalidInput('month', `cannot record dues for ${ctx.month}, a month not yet begun`);
  const months = effectiveMonths(ctx.existing.filter((l) => ctx.members.has(l.member)));
  const existingByRef = new Map(ctx.existing.map((l) => [l.ref, l]));
  const replaced = new Set(ctx.existing.flatMap((l) => (l.replaces ? [l.replaces] : [])));
  const seen = new Set<string>();
  const lines: DuesPlan['lines'] = [];
  const errors: RowError[] = [];
  for (const r of rows) {
    const fail = (field: RowError['field'], reason: DuesRowReason, message: string) => {
      errors.push({ row: r.row, field, reason, message });
      return null;
    };
    const line = planRow(r, ctx, rules.duesBackPayMonths, fail);
    if (line === null) continue;
    const key = `${line.member}|${line.month}`;
    if (seen.has(key)) {
      fail('month', 'DUPLICATE_ROW', `a second row for ${line.member} and ${line.month}`);
      continue;
    }
    if (line.replaces !== undefined) {
      const old = existingByRef.get(line.replaces);
      if (!old || old.member !== line.member || old.month !== line.month) {
        fail(
          'replaces',
          'UNKNOWN_LINE',
          `no line ${line.replaces} for ${line.member} and ${line.month}`,
        );
        continue;
      }
      if (replaced.has(line.replaces)) {
        fail('replaces', 'ALREADY_CORRECTED', `line ${line.replaces} was already corrected`);
        continue;
      }
    } else if (months.get(line.month)?.some((l) => l.member === line.member && l.amount > 0)) {
      const paidLine = months
        .get(line.month)!
        .find((l) => l.member === line.member && l.amount > 0)!;
      fail(
        'month',
        'ALREADY_PAID',
        `${line.month} is already paid (line ${paidLine.ref}); a correction names it in replaces`,
      );
      continue;
    }
    seen.add(key);
    lines.push(line);
  }
  return { lines, errors };
}

function planRow(
  r: DuesRow,
  ctx: RecordContext,
  backPay: number,
  fail: (field: RowError['field'], reason: DuesRowReason, message: string) => null,
): (DuesLine & { row: number }) | null {
  const memberId = (r.member ?? '').trim();
  const member = ctx.members.get(memberId);
  if (!member)
    return fail(
      'member',
      'NOT_MEMBER',
      `${memberId || '(blank)'} is not a member whose relationship is at ${ctx.org}`,
    );
  if (member.status === 'left' || member.status === 'deceased')
    return fail('member', 'MEMBER_CLOSED', `${memberId} is no longer a member (${member.status})`);
  const month = blank(r.month) ? ctx.month : r.month!.trim();
  if (!isMonth(month))
    return fail('month', 'BAD_MONTH', `month must be YYYY-MM (got ${JSON.stringify(r.month)})`);
  const back = monthIndex(ctx.month) - monthIndex(month);
  if (back < 0)
    return fail('month', 'LATER_MONTH', `${month} is after the batch's month ${ctx.month}`);
  const replaces = blank(r.replaces) ? undefined : r.replaces!.trim();
  // 关于中国共产党党费收缴、使用和管理的规定 (2008): at most 6 months paid back (rules.duesBackPayMonths);
  // a correction of an earlier line is no back-payment.
  if (back > backPay && replaces === undefined)
    return fail(
      'month',
      'BACK_PAY_LIMIT',
      `${month} is ${back} months back; at most ${backPay} may be paid back`,
    );
  const kind = KIND_BY_LABEL.get((r.kind ?? '').trim());
  if (kind === undefined || !isDuesKind(kind))
    return fail(
      'kind',
      'BAD_KIND',
      `kind must be 在职, 离退休, 学生 or 低收入 (got ${JSON.stringify(r.kind ?? '')})`,
    );
  let base = 0;
  if (!blank(r.base)) {
    try {
      base = parseYuan(r.base!, 'base');
    } catch (err) {
      return fail('base', 'BAD_BASE', (err as Error).message);
    }
  } else if (kind === 'salaried' || kind === 'retired') {
    return fail('base', 'BASE_NEEDED', 'the monthly income (base) is needed for this kind');
  }
  let amount = 0;
  const a = (r.amount ?? '').trim();
  if (a !== '' && a !== '未交') {
    try {
      amount = parseYuan(a, 'amount');
    } catch (err) {
      return fail('amount', 'BAD_AMOUNT', (err as Error).message);
    }
  }
  const std = standardDues(base, kind);
  return {
    row: r.row,
    member: memberId,
    month,
    amount,
    base: std.base,
    rate: std.rate,
    kind,
    ...(replaces === undefined ? {} : { replaces }),
  };
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim() === '';
