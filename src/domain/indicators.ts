/**
 * The annual party statistics (年度党内统计) of one organisation's subtree,
 * folded from its members' ledgers: a pure function of the entries up to the
 * cut-off, so that the level above can recompute every figure it is filed.
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
import type { Category, EntryClaims, IsoDate, NumericDate, OrgTree, Personnel } from './types.ts';
import { CATEGORIES, isCountedStatus, ORG_TYPES, PERSONNEL, type OrgType } from './types.ts';
import { startOfDay, addDays } from './dates.ts';
import { isAncestorOrSelf } from './org-tree.ts';
import type { Rules } from './rules.ts';

/** What the ledger does not carry but the statistics count (from the member record). */
export interface MemberProfile {
  gender: 'M' | 'F';
  ethnicity: string | null;
  birthDate: IsoDate;
  cadre: boolean;
}

/** One member as the statistics read them: the entries (in seq order) and the record. */
export interface MemberHistory {
  id: string;
  entries: readonly EntryClaims[];
  profile: MemberProfile;
}

/** The year's window: entries dated after `from` and up to `until` (both NumericDate). */
export interface StatisticsPeriod {
  year: number;
  /** The previous cut-off's end (exclusive). */
  from: NumericDate;
  /** The cut-off's end (inclusive). */
  until: NumericDate;
}

/**
 * The window of `year` for a cut-off day `MM-DD` (rules.statisticsCutoff):
 * `periodOf(2026, '12-31')` covers 2026-01-01T00:00Z up to 2026-12-31T23:59:59Z.
 */
export function periodOf(year: number, cutoff: string): StatisticsPeriod {
  const end = (y: number) => startOfDay(addDays(`${y}-${cutoff}`, 1)) - 1;
  return { year, from: end(year - 1), until: end(year) };
}

// 年度党内统计 table 1 age bands, by age at the cut-off.
export const AGE_BANDS = [
  '30-',
  '31-35',
  '36-40',
  '41-45',
  '46-50',
  '51-55',
  '56-60',
  '61-70',
  '71-80',
  '81+',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface Balance {
  /** Members of the subtree at the previous cut-off, as the ledger says. */
  opening: number;
  /** 发展党员: enrolled with a join date inside the year. */
  admitted: number;
  /** 从系统内转入: an arrival from an org outside the subtree. */
  transferredInInside: number;
  /** 从系统外转入: enrolled in pmcert having joined before the year (came from outside the system). */
  transferredInOutside: number;
  /** 恢复党籍: no entry kind records it yet, so always 0 (kept for the table's layout). */
  restored: number;
  /** 死亡 */
  died: number;
  /** 出党 */
  left: number;
  /** 转往系统内: an arrival signed at an org outside the subtree. */
  transferredOutInside: number;
  /** 转往系统外: every transfer names an org of the tree, so always 0 today. */
  transferredOutOutside: number;
  /** 停止党籍: no entry kind records it yet, so always 0. */
  stopped: number;
  /** opening + additions − removals */
  expectedClosing: number;
  /** Members of the subtree at the cut-off. */
  closing: number;
  /** closing − expectedClosing (0 unless the opening was overridden by last year's filing). */
  difference: number;
}

export interface Structure {
  total: number;
  byCategory: Record<Category, number>;
  byPersonnel: Record<Personnel, number>;
  cadres: number;
  women: number;
  ethnicMinorities: number;
  byAge: Record<AgeBand, number>;
}

export interface TransferFigures {
  /** Arrivals in the year into the subtree from outside it. */
  in: number;
  /** Transfers signed out of the subtree in the year (to an org outside it). */
  out: number;
  /** Arrivals in the year from one org of the subtree to another. */
  internal: number;
  outByReason: Record<string, number>;
  outByPersonnel: Record<Personnel, number>;
  outCadres: number;
  /** Arrivals signed in the subtree in the year, and how many were within the letter's validity. */
  arrivals: number;
  arrivalsOnTime: number;
  /** arrivalsOnTime / arrivals, or null when there were none. */
  onTimeRate: number | null;
  /** Median whole days from transfer_out to arrival, or null. */
  medianDaysToReport: number | null;
  /** Members sent from the subtree still in transit at the cut-off, and how many past the deadline (口袋党员 risk). */
  inTransitAtCutoff: number;
  inTransitOverdue: number;
}

export interface TempFigures {
  issued: number;
  returned: number;
  /** Of the 证明信 issued in the year, the share signed back by the cut-off, or null. */
  returnRate: number | null;
  /** Still out at the cut-off after their end date. */
  openPastEnd: number;
}

export interface DuesFigures {
  /** False until dues are recorded for the subtree: the figures below are then 0, never guessed. */
  recorded: boolean;
  fullyPaid: number;
  unpaid3Plus: number;
  unpaid6Plus: number;
  collectedFen: number;
}

export interface Indicators {
  org: string;
  year: number;
  cutoff: IsoDate;
  balance: Balance;
  structure: Structure;
  transfers: TransferFigures;
  temps: TempFigures;
  dues: DuesFigures;
  orgsByType: Record<OrgType, number>;
  /** Members at the org itself (not below it) at the cut-off: the consolidation rule's own part. */
  directMembers: number;
  /** Members of the subtree at the cut-off, by id: the name list behind `balance.closing`. */
  members: string[];
}

/** What a filing signs: the indicators without the name list (a city's would not fit a JWS). */
export type Figures = Omit<Indicators, 'members'>;

export function figuresOf(ind: Indicators): Figures {
  const { members: _members, ...figures } = ind;
  return figures;
}

/** A member's dues at the cut-off, from the dues records (issue: dues), when there are any. */
export interface DuesStanding {
  member: string;
  /** Consecutive unpaid months up to the cut-off. */
  unpaidMonths: number;
  /** Fen collected for months of the year. */
  collectedFen: number;
}

export interface ComputeInput {
  org: string;
  tree: OrgTree;
  period: StatisticsPeriod;
  members: readonly MemberHistory[];
  /** Last year's filed closing count; when given it is the opening (table 1's rule). */
  openingOverride?: number;
  /** Undefined when no dues are recorded for the subtree. */
  dues?: readonly DuesStanding[];
  rules: Pick<Rules, 'duesWarnMonths' | 'duesLapseMonths'>;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

const DAY = 86_400;

type Change =
  | 'admitted'
  | 'transferredInInside'
  | 'transferredInOutside'
  | 'restored'
  | 'died'
  | 'left'
  | 'transferredOutInside'
  | 'stopped';

/** Computes the year's indicators of `org`'s subtree from its members' entries. */
export function computeIndicators(input: ComputeInput): Indicators {
  const { tree, period, org } = input;
  const inTree = (id: string) => isAncestorOrSelf(tree, org, id);
  const counted = (s: MemberState | undefined): boolean =>
    s !== undefined && inTree(s.org) && isCountedStatus(s.status);
  const cutoffDate = new Date(period.until * 1000).toISOString().slice(0, 10);

  const balance: Balance = {
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
  };
  const structure: Structure = {
    total: 0,
    byCategory: zeros(CATEGORIES),
    byPersonnel: zeros(PERSONNEL),
    cadres: 0,
    women: 0,
    ethnicMinorities: 0,
    byAge: zeros(AGE_BANDS),
  };
  const transfers: TransferFigures = {
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
  };
  const temps: TempFigures = { issued: 0, returned: 0, returnRate: null, openPastEnd: 0 };
  const daysToReport: number[] = [];
  const closingMembers: string[] = [];
  let directMembers = 0;
  let issuedReturned = 0;

  for (const m of input.members) {
    let state: MemberState | undefined;
    let wasCounted = false;
    let openedCounted: boolean | undefined;
    const issuedTemps = new Set<number>();
    for (const e of m.entries) {
      if (e.iat > period.until) break;
      if (e.iat > period.from && openedCounted === undefined) openedCounted = wasCounted;
      const before = state;
      state = evolve(state, e);
      const isCounted = counted(state);
      if (e.iat <= period.from) {
        wasCounted = isCounted;
        continue;
      }
      if (isCounted !== wasCounted) {
        const change = classify(e, before, isCounted, period);
        balance[change] += 1;
      }
      wasCounted = isCounted;
      tallyEntry(e, before, { inTree, transfers, temps, profile: m.profile, daysToReport });
      if (e.knd === 'temp_out' && before !== undefined && inTree(before.org))
        issuedTemps.add(e.seq);
      if (e.knd === 'temp_return' && issuedTemps.has((e as EntryClaims<'temp_return'>).dat.temp))
        issuedReturned += 1;
    }
    if (wasCounted && state !== undefined) {
      closingMembers.push(m.id);
      if (state.org === org) directMembers += 1;
      tallyStructure(structure, state, m.profile, cutoffDate);
      if (state.transfer !== undefined && !inTree(state.transfer.to)) {
        transfers.inTransitAtCutoff += 1;
        if (state.transfer.deadline < period.until) transfers.inTransitOverdue += 1;
      }
      if (state.temp !== undefined && state.temp.until < cutoffDate) temps.openPastEnd += 1;
    }
    // The opening is the count at the previous cut-off: members counted then.
    if (openedCounted ?? wasCounted) balance.opening += 1;
  }

  balance.closing = closingMembers.length;
  const opening = input.openingOverride ?? balance.opening;
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

  transfers.onTimeRate =
    transfers.arrivals === 0 ? null : transfers.arrivalsOnTime / transfers.arrivals;
  transfers.medianDaysToReport = median(daysToReport);
  temps.returnRate = temps.issued === 0 ? null : issuedReturned / temps.issued;

  return {
    org,
    year: period.year,
    cutoff: cutoffDate,
    balance,
    structure,
    transfers,
    temps,
    dues: duesFigures(input.dues, new Set(closingMembers), input.rules),
    orgsByType: orgsByType(tree, org),
    directMembers,
    members: closingMembers.sort(),
  };
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
  e: EntryClaims,
  before: MemberState | undefined,
  ctx: {
    inTree: (id: string) => boolean;
    transfers: TransferFigures;
    temps: TempFigures;
    profile: MemberProfile;
    daysToReport: number[];
  },
): void {
  const { inTree, transfers, temps } = ctx;
  switch (e.knd) {
    case 'transfer_out': {
      const dat = (e as EntryClaims<'transfer_out'>).dat;
      if (!inTree(dat.from) || inTree(dat.to) || before === undefined) return;
      transfers.out += 1;
      const reason = dat.reason ?? '';
      transfers.outByReason[reason] = (transfers.outByReason[reason] ?? 0) + 1;
      transfers.outByPersonnel[before.personnel] += 1;
      if (ctx.profile.cadre) transfers.outCadres += 1;
      return;
    }
    case 'arrival': {
      const dat = (e as EntryClaims<'arrival'>).dat;
      const from = before?.transfer?.from;
      if (!inTree(dat.at)) return;
      if (from !== undefined && inTree(from)) transfers.internal += 1;
      else transfers.in += 1;
      transfers.arrivals += 1;
      if (!dat.late) transfers.arrivalsOnTime += 1;
      const sent = before?.entries.find((x) => x.seq === dat.transfer)?.iat;
      if (sent !== undefined) ctx.daysToReport.push(Math.floor((e.iat - sent) / DAY));
      return;
    }
    case 'temp_out':
      if (before !== undefined && inTree(before.org)) temps.issued += 1;
      return;
    case 'temp_return':
      if (before !== undefined && inTree(before.org)) temps.returned += 1;
      return;
    default:
      return;
  }
}

function tallyStructure(
  s: Structure,
  state: MemberState,
  profile: MemberProfile,
  cutoff: IsoDate,
): void {
  s.total += 1;
  s.byCategory[state.category] += 1;
  s.byPersonnel[state.personnel] += 1;
  if (profile.cadre) s.cadres += 1;
  if (profile.gender === 'F') s.women += 1;
  if (profile.ethnicity !== null && profile.ethnicity !== '' && profile.ethnicity !== '汉族')
    s.ethnicMinorities += 1;
  s.byAge[ageBandOf(ageAt(profile.birthDate, cutoff))] += 1;
}

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

function duesFigures(
  standings: readonly DuesStanding[] | undefined,
  members: ReadonlySet<string>,
  rules: ComputeInput['rules'],
): DuesFigures {
  const out: DuesFigures = {
    recorded: standings !== undefined,
    fullyPaid: 0,
    unpaid3Plus: 0,
    unpaid6Plus: 0,
    collectedFen: 0,
  };
  for (const d of standings ?? []) {
    out.collectedFen += d.collectedFen;
    if (!members.has(d.member)) continue;
    if (d.unpaidMonths === 0) out.fullyPaid += 1;
    if (d.unpaidMonths >= rules.duesWarnMonths) out.unpaid3Plus += 1;
    if (d.unpaidMonths >= rules.duesLapseMonths) out.unpaid6Plus += 1;
  }
  return out;
}

function orgsByType(tree: OrgTree, org: string): Record<OrgType, number> {
  const out = zeros(ORG_TYPES);
  for (const node of tree.values()) {
    if (node.id !== org && isAncestorOrSelf(tree, org, node.id)) out[node.type] += 1;
  }
  return out;
}
