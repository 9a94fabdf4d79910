/** The years a filing may be for: from the first statistics of the People's Republic on. */
export const FIRST_STATISTICS_YEAR = 1950;
export const LAST_STATISTICS_YEAR = 2100;

/**
 * The annual filing's workflow (逐级报备), as a pure decider like the ledger's:
 * the events so far of one organisation's filing for one year fold into its
 * state, and each officer action is decided against that state.
 *
 *   等待下级上报 (awaiting_children) → 可上报 (ready) → 已上报 (filed)
 *     → 已接收 (accepted) | 已退回 (returned) → 已上报 again, as version n + 1
 *
 * The lessons of DHIS2's multi-level data approval: a level files only when
 * every child below it is accepted (or exempted, with a reason); acceptance
 * locks the child's figures, and a change needs a return first.
 */
import { RuleViolation } from '../errors.ts';
import { assertNever } from './assert-never.ts';
import type { Figures } from './indicators.ts';
import type { FilingReason } from './reasons.ts';
import type { IsoDate, NumericDate, OrgNode } from './types.ts';

/**
 * Whether `node` is expected to file for the statistics year whose cut-off ends at `cutoffEnd`
 * (`periodOf(year, rules.statisticsCutoff).until`): every type but the 党小组, whose members
 * count in their 支部. Table 1 of the annual 党内统计 counts the members at the cut-off (DESIGN
 * §3: statistics cut-off 12-31), so an org files for every year whose cut-off it lived to see:
 * dissolved (撤销) on or before the cut-off of year Y, it held no member then (they were
 * transferred before it could be dissolved) and files up to Y − 1; dissolved after it (in
 * January before filing, or under a cut-off set earlier than 12-31), it still files Y — its
 * parent grants 免报 when it can no longer sign.
 * @example filesFor({ id: 'b9', name: '', type: 'branch', parent: 'c1', dissolved: t }, t - 1) // → true
 */
export function filesFor(node: OrgNode, cutoffEnd: NumericDate): boolean {
  if (node.type === 'group') return false;
  return node.dissolved === undefined || node.dissolved > cutoffEnd;
}

export const FILING_STATES = [
  'awaiting_children',
  'ready',
  'filed',
  'accepted',
  'returned',
] as const;
export type FilingState = (typeof FILING_STATES)[number];

/** The exact wording of the annual statistics guides. */
export const FILING_STATE_TITLES: Record<FilingState, { zh: string; en: string }> = {
  awaiting_children: { zh: '等待下级上报', en: 'Awaiting lower levels' },
  ready: { zh: '可上报', en: 'Ready to file' },
  filed: { zh: '已上报', en: 'Filed' },
  accepted: { zh: '已接收', en: 'Accepted' },
  returned: { zh: '已退回', en: 'Returned' },
};

/** The paper form's cover: who filed, who answers for it, how to reach them, when. */
export interface FilingCover {
  filer: string;
  responsible: string;
  phone: string;
  date: IsoDate;
}

/** Written explanations the checks before 上报 may require. */
export interface FilingExplanations {
  /** Why the balance does not close (closing ≠ expected closing). */
  difference?: string;
  /** Why the opening is not last year's filed closing. */
  opening?: string;
  /** Why a figure changed more than the threshold from last year. */
  change?: string;
  /** Why the closing is not the direct members plus the children's accepted closings. */
  consolidation?: string;
}

/** Cells that need a name list (the members behind a count), by member id. */
export interface FilingNameLists {
  restored?: string[];
  stopped?: string[];
  difference?: string[];
}

export const FILING_EVENT_KINDS = [
  'filed',
  'accepted',
  'returned',
  'exempted',
  'extended',
] as const;
export type FilingEventKind = (typeof FILING_EVENT_KINDS)[number];

export type FilingEvent =
  | {
      knd: 'filed';
      ver: number;
      hash: string;
      iat: NumericDate;
      by: string;
      figures: Figures;
    }
  | { knd: 'accepted'; ver: number; hash: string; iat: NumericDate; by: string }
  | { knd: 'returned'; ver: number; hash: string; iat: NumericDate; by: string; reason: string }
  | { knd: 'exempted'; hash: string; iat: NumericDate; by: string; reason: string; late: boolean }
  | { knd: 'extended'; hash: string; iat: NumericDate; by: string; until: IsoDate; reason: string };

/** What one organisation's filing for one year says now. */
export interface FilingStatus {
  state: FilingState;
  /** The newest version filed, 0 when none. */
  version: number;
  /** Hash of the newest `filed` object. */
  filedHash?: string;
  filedAt?: NumericDate;
  filedBy?: string;
  figures?: Figures;
  /** The parent exempted this org (or let it be late) for the year. */
  exempt?: { reason: string; late: boolean };
  /** A time-boxed exception to the deadline the parent granted. */
  extendedUntil?: IsoDate;
  returnReason?: string;
}

/**
 * Folds an org's events for one year. `childrenDone` says whether every child
 * is accepted or exempted, which decides between 等待下级上报 and 可上报.
 */
export function filingStatus(events: readonly FilingEvent[], childrenDone: boolean): FilingStatus {
  const s: FilingStatus = { state: childrenDone ? 'ready' : 'awaiting_children', version: 0 };
  for (const e of events) {
    switch (e.knd) {
      case 'filed':
        Object.assign(s, { state: 'filed', version: e.ver, filedHash: e.hash, filedAt: e.iat });
        s.filedBy = e.by;
        s.figures = e.figures;
        delete s.returnReason;
        break;
      case 'accepted':
        if (e.ver === s.version) s.state = 'accepted';
        break;
      case 'returned':
        if (e.ver === s.version) {
          s.state = 'returned';
          s.returnReason = e.reason;
        }
        break;
      case 'exempted':
        s.exempt = { reason: e.reason, late: e.late };
        break;
      case 'extended':
        s.extendedUntil = e.until;
        break;
      default:
        assertNever(e);
    }
  }
  return s;
}

/** Accepted, or exempted by the parent: the parent may file over it. */
export const isSettled = (s: FilingStatus): boolean =>
  s.state === 'accepted' || (s.exempt !== undefined && s.state !== 'filed');

export interface FileContext {
  status: FilingStatus;
  /** Each child's status (children with no filing yet are 'awaiting_children' or 'ready'). */
  children: readonly { org: string; status: FilingStatus }[];
  figures: Figures;
  /** Last year's accepted (or filed) closing count, when there is one. */
  lastClosing?: number;
  explanations: FilingExplanations;
  nameLists: FilingNameLists;
  /** A year-on-year change of the closing count beyond this share needs an explanation. */
  largeChange: number;
}

/**
 * Decides an org's 上报: refuses while a child is not settled, while the
 * current version awaits the parent or is accepted, and while a check of the
 * statistics guides' 审核要点 fails without the explanation it needs.
 * Returns the version to sign.
 */
export function decideFile(ctx: FileContext): { ver: number } {
  const { status, figures } = ctx;
  if (status.state === 'filed') {
    refuse(
      'FILING_PENDING',
      'this year’s filing awaits the level above: it must accept or return it',
    );
  }
  if (status.state === 'accepted') {
    refuse(
      'FILING_LOCKED',
      'the filing is accepted: the level above must return it before a change',
    );
  }
  const pending = ctx.children.filter((c) => !isSettled(c.status)).map((c) => c.org);
  if (pending.length > 0) {
    refuse('CHILDREN_PENDING', `not yet accepted or exempted below: ${pending.join(', ')}`);
  }
  const b = figures.balance;
  if (b.difference !== 0 && !hasText(ctx.explanations.difference)) {
    refuse(
      'UNEXPLAINED_DIFFERENCE',
      `the balance does not close (difference ${b.difference}): explain it`,
      'explanations.difference',
    );
  }
  if (ctx.lastClosing !== undefined && b.opening !== ctx.lastClosing) {
    if (!hasText(ctx.explanations.opening)) {
      refuse(
        'OPENING_MISMATCH',
        `the opening ${b.opening} is not last year's filed closing ${ctx.lastClosing}: explain it`,
        'explanations.opening',
      );
    }
  }
  if (ctx.lastClosing !== undefined && ctx.lastClosing > 0) {
    const change = Math.abs(b.closing - ctx.lastClosing) / ctx.lastClosing;
    if (change > ctx.largeChange && !hasText(ctx.explanations.change)) {
      refuse(
        'LARGE_CHANGE',
        `the membership changed by ${Math.round(change * 100)}% from last year: explain it`,
        'explanations.change',
      );
    }
  }
  checkNameList(ctx.nameLists.restored, b.restored, 'nameLists.restored');
  checkNameList(ctx.nameLists.stopped, b.stopped, 'nameLists.stopped');
  checkNameList(ctx.nameLists.difference, Math.abs(b.difference), 'nameLists.difference');
  return { ver: status.version + 1 };
}

/** The parent accepts or returns the child's newest version; a return needs a reason. */
export function decideReview(
  child: FilingStatus,
  action: 'accepted' | 'returned',
  reason: string | undefined,
): { ver: number } {
  if (child.state !== 'filed') {
    refuse('NOTHING_TO_REVIEW', `the filing is ${child.state}: only a filed version is reviewed`);
  }
  if (action === 'returned' && !hasText(reason)) {
    refuse('REASON_REQUIRED', 'a returned filing says why', 'reason');
  }
  return { ver: child.version };
}

/** The parent exempts a child (or lets it be late) for the year; a reason is required. */
export function decideExempt(child: FilingStatus, reason: string | undefined): void {
  if (child.state === 'accepted') refuse('FILING_LOCKED', 'an accepted filing needs no exemption');
  if (!hasText(reason)) refuse('REASON_REQUIRED', 'an exemption says why', 'reason');
}

/**
 * Seconds by which an entry's date (`iat`, set when it is signed) may precede the commit of its
 * log leaf: a checkpoint signed within them may lawfully not contain it yet. Beyond them, it was
 * entered later than it says.
 */
export const BACKDATE_GRACE_S = 300;

/**
 * Backdated by the log's own clock: the log cosigned, at `checkpoint.time`, a tree of
 * `checkpoint.size` leaves that did not contain the entry (its leaf is at or beyond the size),
 * although the entry is dated more than the grace before that time.
 * @example isBackdatedAgainst({ iat: T, leafIndex: 40 }, { time: T + 86_400, size: 30 }) // true
 */
export function isBackdatedAgainst(
  entry: { iat: NumericDate; leafIndex: number },
  checkpoint: { time: NumericDate; size: number },
  grace = BACKDATE_GRACE_S,
): boolean {
  return entry.leafIndex >= checkpoint.size && checkpoint.time > entry.iat + grace;
}

/**
 * The entries backdated by the log's own clock, each with the checkpoint that shows it: of the
 * cosigned checkpoints given, the earliest by time against which isBackdatedAgainst holds. The
 * one rule of the server's verdict and of the offline audit; it sees only the checkpoints it is
 * given, so a checkpoint left out cannot convict.
 * @example backdatedByLogClock([{ iat: T, leafIndex: 40 }], [{ time: T + 86_400, size: 30 }])
 * // [{ entry: { iat: T, leafIndex: 40 }, checkpoint: { time: T + 86_400, size: 30 } }]
 */
export function backdatedByLogClock<
  E extends { iat: NumericDate; leafIndex: number },
  C extends { time: NumericDate; size: number },
>(
  entries: readonly E[],
  checkpoints: readonly C[],
  grace = BACKDATE_GRACE_S,
): { entry: E; checkpoint: C }[] {
  const byTime = [...checkpoints].sort((a, b) => a.time - b.time || a.size - b.size);
  // smallest[k] = the least size from byTime[k] on: no checkpoint from k on can show an entry at
  // or beyond it, so an entry is checked in O(log n) while the log's clock keeps to its sizes.
  const smallest = new Array<number>(byTime.length + 1).fill(Infinity);
  for (let k = byTime.length - 1; k >= 0; k--)
    smallest[k] = Math.min(byTime[k]!.size, smallest[k + 1]!);
  const out: { entry: E; checkpoint: C }[] = [];
  for (const entry of entries) {
    // The first checkpoint signed more than the grace after the entry's date.
    let lo = 0;
    let hi = byTime.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byTime[mid]!.time > entry.iat + grace) hi = mid;
      else lo = mid + 1;
    }
    for (let k = lo; k < byTime.length && smallest[k]! <= entry.leafIndex; k++) {
      if (isBackdatedAgainst(entry, byTime[k]!, grace)) {
        out.push({ entry, checkpoint: byTime[k]! });
        break;
      }
    }
  }
  return out;
}

/** Is a filing late: filed (or still not filed at `now`) after the deadline or its extension? */
export function isLate(s: FilingStatus, deadline: IsoDate, now: NumericDate): boolean {
  const until =
    s.extendedUntil !== undefined && s.extendedUntil > deadline ? s.extendedUntil : deadline;
  const end = Date.parse(`${until}T23:59:59Z`) / 1000;
  return (s.filedAt ?? now) > end;
}

function checkNameList(list: string[] | undefined, count: number, field: string): void {
  if (count === 0) return;
  if (list === undefined || new Set(list).size !== count) {
    refuse(
      'NAME_LIST_REQUIRED',
      `${field} must name the ${count} member(s) behind the count`,
      field,
    );
  }
}

const hasText = (s: string | undefined): s is string => typeof s === 'string' && s.trim() !== '';

function refuse(reason: FilingReason, message: string, field?: string): never {
  throw new RuleViolation(reason, message, field);
}
