/**
 * The vocabulary of the annual figures (年度党内统计): what they read (a
 * member's history, the year's window) and what they are (table 1's balance,
 * the structure, transfers, 证明信, dues). Rules: indicator-tally.ts.
 */
import type { Category, EntryClaims, IsoDate, NumericDate, OrgType, Personnel } from './types.ts';

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

/** A member's dues at the cut-off, from the dues records (issue: dues), when there are any. */
export interface DuesStanding {
  member: string;
  /** Consecutive unpaid months up to the cut-off. */
  unpaidMonths: number;
  /** Fen collected for months of the year. */
  collectedFen: number;
}
