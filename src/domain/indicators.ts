/**
 * The annual party statistics (年度党内统计) of one organisation's subtree,
 * folded from its members' ledgers: a pure function of the entries up to the
 * cut-off, so that the level above can recompute every figure it is filed.
 * The rules themselves (who counts where, which line of table 1 a change
 * belongs to) are in indicator-tally.ts, shared with the one-pass fold of
 * every org (indicators-all.ts).
 */
import {
  AGE_BANDS,
  addContribution,
  addDuesStanding,
  contributionOf,
  finishTally,
  newTally,
  replayYear,
} from './indicator-tally.ts';
import type { Category, EntryClaims, IsoDate, NumericDate, OrgTree, Personnel } from './types.ts';
import { ORG_TYPES, type OrgType } from './types.ts';
import { startOfDay, addDays } from './dates.ts';
import { isAncestorOrSelf } from './org-tree.ts';
import type { Rules } from './rules.ts';

export { AGE_BANDS, ageAt, ageBandOf } from './indicator-tally.ts';

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

/** Computes the year's indicators of `org`'s subtree from its members' entries. */
export function computeIndicators(input: ComputeInput): Indicators {
  const { tree, period, org } = input;
  const inTree = (id: string) => isAncestorOrSelf(tree, org, id);
  const t = newTally(org);
  for (const m of input.members)
    addContribution(t, contributionOf(replayYear(m, period), m, inTree, period));
  if (input.dues !== undefined) {
    t.dues.recorded = true;
    const closing = new Set(t.members);
    for (const d of input.dues) addDuesStanding(t, d, closing.has(d.member), input.rules);
  }
  return finishTally(t, period, orgsByType(tree, org), input.openingOverride);
}

function orgsByType(tree: OrgTree, org: string): Record<OrgType, number> {
  const out = Object.fromEntries(ORG_TYPES.map((k) => [k, 0])) as Record<OrgType, number>;
  for (const node of tree.values()) {
    if (node.id !== org && isAncestorOrSelf(tree, org, node.id)) out[node.type] += 1;
  }
  return out;
}
