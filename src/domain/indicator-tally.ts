/**
 * The rules of the annual figures, split so that one org's figures and every
 * org's figures (indicators-all.ts) run the same code: a member's year is
 * replayed once (`replayYear`), read as one subtree sees it (`contributionOf`,
 * the subtree given as `inTree`), and added to that subtree's tally
 * (`addContribution`); `finishTally` turns a tally into the indicators.
 *
 * Membership of the subtree at a moment is the domain's own answer: a member
 * counts where `evolve` says their org is (a member in transit still counts at
 * the origin, which stays responsible until the arrival is signed: 党员教育管理
 * 工作条例 (2019) art. 25), while their status is 正常 or 转出在途. Every change
 * of that answer inside the year is one addition or removal, classified by the
 * entry that made it, so the balance of table 1 (opening + additions −
 * removals = closing) closes by construction; a difference can only come
 * from an opening that is not last year's filed closing.
 */
import { evolve } from './evolve.ts';
import type { MemberState } from './ledger-types.ts';
import { AGE_BANDS } from './indicator-types.ts';
import type {
  AgeBand,
  Balance,
  DuesFigures,
  DuesStanding,
  Indicators,
  MemberHistory,
  StatisticsPeriod,
  Structure,
  TempFigures,
  TransferFigures,
} from './indicator-types.ts';
import type { Category, EntryClaims, IsoDate, OrgType, Personnel } from './types.ts';
import { CATEGORIES, isCountedStatus, PERSONNEL } from './types.ts';
import { startOfDay } from './dates.ts';
import type { Rules } from './rules.ts';

const DAY = 86_400;

export type Change =
  | 'admitted'
  | 'transferredInInside'
  | 'transferredInOutside'
  | 'restored'
  | 'died'
  | 'left'
  | 'transferredOutInside'
  | 'stopped';

/** One entry of the year's replay: the entry and the member's state before and after it. */
export interface YearStep {
  e: EntryClaims;
  before: MemberState | undefined;
  after: MemberState;
}

/** A member's entries up to the cut-off, each with the state it left (evolve runs once per entry). */
export function replayYear(m: MemberHistory, period: StatisticsPeriod): YearStep[] {
  const steps: YearStep[] = [];
  let state: MemberState | undefined;
  for (const e of m.entries) {
    if (e.iat > period.until) break;
    const before = state;
    state = evolve(state, e);
    steps.push({ e, before, after: state });
  }
  return steps;
}

/** Every org id the rules below may ask `inTree` about, for these steps. */
export function orgsNamedIn(steps: readonly YearStep[]): string[] {
  const out = new Set<string>();
  for (const { e, after } of steps) {
    out.add(after.org);
    if (after.transfer) out.add(after.transfer.from).add(after.transfer.to);
    const dat = e.dat as { from?: unknown; to?: unknown; at?: unknown };
    for (const v of [dat.from, dat.to, dat.at]) if (typeof v === 'string') out.add(v);
  }
  return [...out];
}

/** What a member adds to one subtree's figures. */
export interface MemberContribution {
  member: string;
  /** Counted in the subtree at the previous cut-off. */
  opening: boolean;
  /** Each change of membership inside the year, by its line of table 1. */
  changes: Change[];
  outs: { reason: string; personnel: Personnel; cadre: boolean }[];
  arrivals: { internal: boolean; onTime: boolean; days: number | undefined }[];
  tempsIssued: number;
  tempsReturned: number;
  /** Of the 证明信 issued in the subtree in the year, those signed back. */
  issuedReturned: number;
  /** Counted in the subtree at the cut-off: where, and what the structure table counts. */
  closing?: {
    org: string;
    category: Category;
    personnel: Personnel;
    cadre: boolean;
    woman: boolean;
    minority: boolean;
    age: AgeBand;
    inTransit: boolean;
    overdue: boolean;
    openPastEnd: boolean;
  };
}

/**
 * A member's part in the figures of the subtree `inTree` describes, from
 * their replayed year: `contributionOf(replayYear(m, p), m, (id) => isAncestorOrSelf(tree, 'c1', id), p)`.
 */
export function contributionOf(
  steps: readonly YearStep[],
  m: MemberHistory,
  inTree: (id: string) => boolean,
  period: StatisticsPeriod,
): MemberContribution {
  const c: MemberContribution = {
    member: m.id,
    opening: false,
    changes: [],
    outs: [],
    arrivals: [],
    tempsIssued: 0,
    tempsReturned: 0,
    issuedReturned: 0,
  };
  const counted = (s: MemberState | undefined): boolean =>
    s !== undefined && inTree(s.org) && isCountedStatus(s.status);
  let wasCounted = false;
  let openedCounted: boolean | undefined;
  const issuedTemps = new Set<number>();
  for (const { e, before, after } of steps) {
    if (e.iat > period.from && openedCounted === undefined) openedCounted = wasCounted;
    const isCounted = counted(after);
    if (e.iat <= period.from) {
      wasCounted = isCounted;
      continue;
    }
    if (isCounted !== wasCounted) c.changes.push(classify(e, before, isCounted, period));
    wasCounted = isCounted;
    tallyEntry(c, e, before, inTree, m.profile.cadre);
    if (e.knd === 'temp_out' && before !== undefined && inTree(before.org)) issuedTemps.add(e.seq);
    if (e.knd === 'temp_return' && issuedTemps.has((e as EntryClaims<'temp_return'>).dat.temp))
      c.issuedReturned += 1;
  }
  const state = steps.at(-1)?.after;
  if (wasCounted && state !== undefined) {
    const cutoff = cutoffDateOf(period);
    const p = m.profile;
    const ethnicity = p.ethnicity;
    c.closing = {
      org: state.org,
      category: state.category,
      personnel: state.personnel,
      cadre: p.cadre,
      woman: p.gender === 'F',
      minority: ethnicity !== null && ethnicity !== '' && ethnicity !== '汉族',
      age: ageBandOf(ageAt(p.birthDate, cutoff)),
      inTransit: state.transfer !== undefined && !inTree(state.transfer.to),
      overdue:
        state.transfer !== undefined &&
        !inTree(state.transfer.to) &&
        state.transfer.deadline < period.until,
      openPastEnd: state.temp !== undefined && state.temp.until < cutoff,
    };
  }
  // The opening is the count at the previous cut-off: members counted then.
  c.opening = openedCounted ?? wasCounted;
  return c;
}

/** Which line of table 1 an entry that changed the subtree's membership belongs to. */
function classify(
  e: EntryClaims,
  before: MemberState | undefined,
  nowCounted: boolean,
  period: StatisticsPeriod,
): Change {
  if (nowCounted) {
    if (e.knd === 'enroll') {
      const joined = (e as EntryClaims<'enroll'>).dat.joined;
      return startOfDay(joined) > period.from ? 'admitted' : 'transferredInOutside';
    }
    if (e.knd === 'arrival') return 'transferredInInside';
    if (e.knd === 'status' && (e as EntryClaims<'status'>).dat.change === 'restored')
      return 'restored';
  } else {
    if (e.knd === 'status') {
      const change = (e as EntryClaims<'status'>).dat.change;
      if (change === 'deceased') return 'died';
      if (change === 'left') return 'left';
      if (change === 'stopped') return 'stopped';
    }
    if (e.knd === 'arrival' && before !== undefined) return 'transferredOutInside';
  }
  // evolve moves a member in or out of an org only by these kinds; anything
  // else is a change this table cannot place, which must not pass silently.
  throw new Error(`an entry of kind ${e.knd} changed the membership of the subtree`);
}

function tallyEntry(
  c: MemberContribution,
  e: EntryClaims,
  before: MemberState | undefined,
  inTree: (id: string) => boolean,
  cadre: boolean,
): void {
  switch (e.knd) {
    case 'transfer_out': {
      const dat = (e as EntryClaims<'transfer_out'>).dat;
      if (!inTree(dat.from) || inTree(dat.to) || before === undefined) return;
      c.outs.push({ reason: dat.reason ?? '', personnel: before.personnel, cadre });
      return;
    }
    case 'arrival': {
      const dat = (e as EntryClaims<'arrival'>).dat;
      const from = before?.transfer?.from;
      if (!inTree(dat.at)) return;
      const sent = before?.entries.find((x) => x.seq === dat.transfer)?.iat;
      c.arrivals.push({
        internal: from !== undefined && inTree(from),
        onTime: !dat.late,
        days: sent === undefined ? undefined : Math.floor((e.iat - sent) / DAY),
      });
      return;
    }
    case 'temp_out':
      if (before !== undefined && inTree(before.org)) c.tempsIssued += 1;
      return;
    case 'temp_return':
      if (before !== undefined && inTree(before.org)) c.tempsReturned += 1;
      return;
    default:
      return;
  }
}

/** A subtree's running sums, as contributions and dues standings are added to it. */
export interface Tally {
  org: string;
  balance: Balance;
  structure: Structure;
  transfers: TransferFigures;
  temps: TempFigures;
  dues: DuesFigures;
  daysToReport: number[];
  members: string[];
  directMembers: number;
  issuedReturned: number;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function newTally(org: string): Tally {
  return {
    org,
    balance: {
      opening: 0,
      admitted: 0,
      transferredInInside: 0,
      transferredInOutside: 0,
      restored: 0,
      died: 0,
      left: 0,
      transferredOutInside: 0,
      transferredOutOutside: 0,
      stopped: 0,
      expectedClosing: 0,
      closing: 0,
      difference: 0,
    },
    structure: {
      total: 0,
      byCategory: zeros(CATEGORIES),
      byPersonnel: zeros(PERSONNEL),
      cadres: 0,
      women: 0,
      ethnicMinorities: 0,
      byAge: zeros(AGE_BANDS),
    },
    transfers: {
      in: 0,
      out: 0,
      internal: 0,
      outByReason: {},
      outByPersonnel: zeros(PERSONNEL),
      outCadres: 0,
      arrivals: 0,
      arrivalsOnTime: 0,
      onTimeRate: null,
      medianDaysToReport: null,
      inTransitAtCutoff: 0,
      inTransitOverdue: 0,
    },
    temps: { issued: 0, returned: 0, returnRate: null, openPastEnd: 0 },
    dues: { recorded: false, fullyPaid: 0, unpaid3Plus: 0, unpaid6Plus: 0, collectedFen: 0 },
    daysToReport: [],
    members: [],
    directMembers: 0,
    issuedReturned: 0,
  };
}

/** Adds one member's contribution (computed for this tally's subtree) to it. */
export function addContribution(t: Tally, c: MemberContribution): void {
  if (c.opening) t.balance.opening += 1;
  for (const ch of c.changes) t.balance[ch] += 1;
  const tr = t.transfers;
  for (const o of c.outs) {
    tr.out += 1;
    tr.outByReason[o.reason] = (tr.outByReason[o.reason] ?? 0) + 1;
    tr.outByPersonnel[o.personnel] += 1;
    if (o.cadre) tr.outCadres += 1;
  }
  for (const a of c.arrivals) {
    if (a.internal) tr.internal += 1;
    else tr.in += 1;
    tr.arrivals += 1;
    if (a.onTime) tr.arrivalsOnTime += 1;
    if (a.days !== undefined) t.daysToReport.push(a.days);
  }
  t.temps.issued += c.tempsIssued;
  t.temps.returned += c.tempsReturned;
  t.issuedReturned += c.issuedReturned;
  const k = c.closing;
  if (k === undefined) return;
  t.members.push(c.member);
  if (k.org === t.org) t.directMembers += 1;
  const s = t.structure;
  s.total += 1;
  s.byCategory[k.category] += 1;
  s.byPersonnel[k.personnel] += 1;
  if (k.cadre) s.cadres += 1;
  if (k.woman) s.women += 1;
  if (k.minority) s.ethnicMinorities += 1;
  s.byAge[k.age] += 1;
  if (k.inTransit) tr.inTransitAtCutoff += 1;
  if (k.overdue) tr.inTransitOverdue += 1;
  if (k.openPastEnd) t.temps.openPastEnd += 1;
}

/**
 * Adds a member's dues standing to the tally of a subtree whose relationship
 * the member's org holds; the paid / unpaid counts only when the member is
 * one of the subtree's members at the cut-off (`isMember`).
 */
export function addDuesStanding(
  t: Tally,
  d: DuesStanding,
  isMember: boolean,
  rules: Pick<Rules, 'duesWarnMonths' | 'duesLapseMonths'>,
): void {
  const out = t.dues;
  out.collectedFen += d.collectedFen;
  if (!isMember) return;
  if (d.unpaidMonths === 0) out.fullyPaid += 1;
  if (d.unpaidMonths >= rules.duesWarnMonths) out.unpaid3Plus += 1;
  if (d.unpaidMonths >= rules.duesLapseMonths) out.unpaid6Plus += 1;
}

/**
 * The indicators of a complete tally. Dues count only when recorded for the
 * subtree (`t.dues.recorded`); otherwise they are 0, never guessed.
 */
export function finishTally(
  t: Tally,
  period: StatisticsPeriod,
  orgsByType: Record<OrgType, number>,
  openingOverride?: number,
): Indicators {
  const balance = t.balance;
  balance.closing = t.members.length;
  const opening = openingOverride ?? balance.opening;
  balance.expectedClosing =
    opening +
    balance.admitted +
    balance.transferredInInside +
    balance.transferredInOutside +
    balance.restored -
    balance.died -
    balance.left -
    balance.transferredOutInside -
    balance.transferredOutOutside -
    balance.stopped;
  balance.opening = opening;
  balance.difference = balance.closing - balance.expectedClosing;
  const transfers = t.transfers;
  transfers.onTimeRate =
    transfers.arrivals === 0 ? null : transfers.arrivalsOnTime / transfers.arrivals;
  transfers.medianDaysToReport = median(t.daysToReport);
  const temps = t.temps;
  temps.returnRate = temps.issued === 0 ? null : t.issuedReturned / temps.issued;
  const dues = t.dues.recorded
    ? t.dues
    : { recorded: false, fullyPaid: 0, unpaid3Plus: 0, unpaid6Plus: 0, collectedFen: 0 };
  return {
    org: t.org,
    year: period.year,
    cutoff: cutoffDateOf(period),
    balance,
    structure: t.structure,
    transfers,
    temps,
    dues,
    orgsByType,
    directMembers: t.directMembers,
    members: t.members.sort(),
  };
}

export const cutoffDateOf = (period: StatisticsPeriod): IsoDate =>
  new Date(period.until * 1000).toISOString().slice(0, 10);

/** Whole years of age on `date`: `ageAt('1990-12-31', '2026-12-31') === 36`. */
export function ageAt(birth: IsoDate, date: IsoDate): number {
  const years = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5) < birth.slice(5) ? years - 1 : years;
}

export function ageBandOf(age: number): AgeBand {
  if (age <= 30) return '30-';
  if (age >= 81) return '81+';
  if (age <= 60) {
    const lo = Math.floor((age - 31) / 5) * 5 + 31;
    return `${lo}-${lo + 4}` as AgeBand;
  }
  return age <= 70 ? '61-70' : '71-80';
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
