/**
 * What a member's dues lines say: the month paid through (`due`), months
 * unpaid, and the lapse rules. Computed here, never in SQL, so the verifier,
 * the alerts and the annual filing count the same way.
 */
import { NONE_EXEMPT, type Exempt } from './dues-exempt.ts';
import { monthAt, monthIndex, type Month, type PlacedLine } from './dues.ts';
import { DEFAULT_RULES, type Rules } from './rules.ts';

/**
 * Per month, the lines that still count: a line named by a later line's
 * `replaces` is out. A month is paid when one of its counting lines has an
 * amount above 0; a counting line of 0 records it as unpaid.
 */
export function effectiveMonths(lines: readonly PlacedLine[]): Map<Month, PlacedLine[]> {
  const replaced = new Set(lines.flatMap((l) => (l.replaces === undefined ? [] : [l.replaces])));
  const out = new Map<Month, PlacedLine[]>();
  for (const l of lines) {
    if (replaced.has(l.ref)) continue;
    const list = out.get(l.month);
    if (list) list.push(l);
    else out.set(l.month, [l]);
  }
  return out;
}

const isPaid = (ls: readonly PlacedLine[] | undefined) =>
  ls !== undefined && ls.some((l) => l.amount > 0);

/** The first month the record covers: the earliest month any line names (replaced ones included). */
export function recordStart(lines: readonly PlacedLine[]): Month | null {
  let first: number | null = null;
  for (const l of lines) {
    const i = monthIndex(l.month);
    if (first === null || i < first) first = i;
  }
  return first === null ? null : monthAt(first);
}

/** The last month any line names (replaced ones included), as an index. */
function recordEnd(lines: readonly PlacedLine[]): number {
  return Math.max(...lines.map((l) => monthIndex(l.month)));
}

/**
 * The last month paid with no gap, from the first month the record covers.
 * Months before it are no gap (before the installation's first batch, or
 * before the member was at a branch that records), so a `prior` month
 * (e.g. from a paper transfer letter's "党费已交到") earlier than it stands
 * when the record's first month is unpaid. `exempt` months (wholly inside a
 * 停止党籍, dues-exempt.ts) are passed over: neither paid nor a gap.
 * @example duesThrough(lines) // '2026-05' when 2026-01…05 are paid and 06 is not
 */
export function duesThrough(
  lines: readonly PlacedLine[],
  prior: Month | null = null,
  exempt: Exempt = NONE_EXEMPT,
): Month | null {
  const start = recordStart(lines);
  if (start === null) return prior;
  const months = effectiveMonths(lines);
  const end = recordEnd(lines);
  let last: number | null = null;
  for (let i = monthIndex(start); i <= end; i++) {
    if (isPaid(months.get(monthAt(i)))) last = i;
    else if (!exempt(monthAt(i))) break;
  }
  if (last !== null) return monthAt(last);
  return prior !== null && monthIndex(prior) < monthIndex(start) ? prior : null;
}

/**
 * The first month from the record's start through `claim` that is neither
 * paid nor exempt, or null when there is none: what a verifier checks of a
 * credential's `due`. A claim earlier than the record's start needs no line.
 */
export function firstGap(
  lines: readonly PlacedLine[],
  claim: Month,
  exempt: Exempt = NONE_EXEMPT,
): Month | null {
  const start = recordStart(lines);
  if (start === null) return null;
  const months = effectiveMonths(lines);
  for (let i = monthIndex(start); i <= monthIndex(claim); i++) {
    const m = monthAt(i);
    if (!isPaid(months.get(m)) && !exempt(m)) return m;
  }
  return null;
}

export type DuesLevel = 'ok' | 'warn' | 'lapse';

export interface DuesStanding {
  member: string;
  due: Month | null;
  /** months in [from, cutoff] (from the record's start when later) without a payment */
  unpaidMonths: number;
  /** consecutive unpaid months ending at `cutoff` */
  run: number;
  /** the longest run of consecutive unpaid months in [from, cutoff] */
  longestRun: number;
  /** fen paid for the months in [from, cutoff] */
  collectedFen: number;
  /** warn: `run` reached rules.duesWarnMonths; lapse: a run of rules.duesLapseMonths (党章 art. 9) */
  level: DuesLevel;
}

/**
 * A member's dues standing at the end of `cutoff`, for the alerts, the
 * member's page and the annual filing ("fully paid, 3+ and 6+ months
 * unpaid, amount"): pass `from` = the filing year's January to count a year.
 * Months before the record's start are not counted as unpaid.
 * @example duesStanding(lines, 'm1', '2026-12', { from: '2026-01' }).level // 'lapse' after six unpaid months in a row
 */
export function duesStanding(
  lines: readonly PlacedLine[],
  member: string,
  cutoff: Month,
  opts: {
    from?: Month;
    rules?: Pick<Rules, 'duesWarnMonths' | 'duesLapseMonths'>;
    prior?: Month | null;
    /** months owed nothing (a 停止党籍): neither counted unpaid nor ending a run */
    exempt?: Exempt;
  } = {},
): DuesStanding {
  const rules = opts.rules ?? DEFAULT_RULES;
  const exempt = opts.exempt ?? NONE_EXEMPT;
  const mine = lines.filter((l) => l.member === member);
  const start = recordStart(mine);
  const due = duesThrough(mine, opts.prior ?? null, exempt);
  const standing = { member, due, unpaidMonths: 0, run: 0, longestRun: 0, collectedFen: 0 };
  if (start === null) return { ...standing, level: 'ok' };
  const months = effectiveMonths(mine);
  const from = Math.max(
    monthIndex(start),
    opts.from === undefined ? -Infinity : monthIndex(opts.from),
  );
  let run = 0;
  for (let i = from; i <= monthIndex(cutoff); i++) {
    const ls = months.get(monthAt(i));
    if (isPaid(ls)) {
      run = 0;
      standing.collectedFen += ls!.reduce((n, l) => n + l.amount, 0);
    } else if (!exempt(monthAt(i))) {
      run++;
      standing.unpaidMonths++;
      standing.longestRun = Math.max(standing.longestRun, run);
    }
  }
  standing.run = run;
  const level: DuesLevel =
    standing.longestRun >= rules.duesLapseMonths
      ? 'lapse'
      : run >= rules.duesWarnMonths
        ? 'warn'
        : 'ok';
  return { ...standing, level };
}

/**
 * The members whose dues need an alert at the end of `cutoff`: a warning
 * once `run` reaches rules.duesWarnMonths (a local setting), the 党章 art. 9
 * case once a run of rules.duesLapseMonths consecutive unpaid months stands
 * (unpaid now, not already paid back). Members with no record yet get none.
 * @example duesAlerts(lines, ['m1', 'm2'], '2026-11') // [{ member: 'm2', level: 'warn', run: 3, … }]
 */
export function duesAlerts(
  lines: readonly PlacedLine[],
  memberIds: readonly string[],
  cutoff: Month,
  rules: Pick<Rules, 'duesWarnMonths' | 'duesLapseMonths'> = DEFAULT_RULES,
  exemptOf: (member: string) => Exempt = () => NONE_EXEMPT,
): (DuesStanding & { level: 'warn' | 'lapse' })[] {
  const byMember = new Map<string, PlacedLine[]>();
  for (const l of lines) {
    const list = byMember.get(l.member);
    if (list) list.push(l);
    else byMember.set(l.member, [l]);
  }
  const out: (DuesStanding & { level: 'warn' | 'lapse' })[] = [];
  for (const id of memberIds) {
    const s = duesStanding(byMember.get(id) ?? [], id, cutoff, { rules, exempt: exemptOf(id) });
    // An alert is about now: the current run, whatever happened earlier in the record.
    const level =
      s.run >= rules.duesLapseMonths ? 'lapse' : s.run >= rules.duesWarnMonths ? 'warn' : null;
    if (level) out.push({ ...s, level });
  }
  return out;
}
