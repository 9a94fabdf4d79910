/**
 * A member's ledger alerts, decided from the replayed state (SQL only picks
 * candidate members): an arrival a subtree awaits (待报到), a transfer out of
 * it past its deadline (转出逾期未报到, the 口袋党员 risk), a 证明信 not signed
 * back after its end date (证明信逾期未签回), a membership stopped two years
 * ago (停止党籍满两年, due for a decision). Whatever `evolve` closed — an
 * arrival, a return, 恢复党籍, 出党 or 去世 — raises nothing. And an HR move with no
 * transfer of the Party relationship (行政关系已转、组织关系未转), decided by
 * `hrMoveOverdue` from the moved member's replayed state.
 */
import { addDays, dayNumberOf, startOfDay, todayOf } from './dates.ts';
import type { LedgerItem } from './ledger.ts';
import type { MemberState } from './ledger-types.ts';
import type { IsoDate, NumericDate } from './types.ts';

const DAY = 86_400;

/**
 * 党员教育管理工作条例 (2019) art. 24: "停止党籍2年后确实无法取得联系的，按照自行脱党予以除名".
 * The day a stopped membership is due for that decision (`left`), two calendar years on.
 */
export function stopDecisionDue(stoppedOn: IsoDate): IsoDate {
  const [y, m, d] = stoppedOn.split('-').map(Number) as [number, number, number];
  // 29 February stopped → 28 February two years on (no such day then).
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y + 2}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export type LedgerAlert =
  | {
      type: 'arrival_awaiting' | 'transfer_overdue';
      member: { id: string; name: string; org: string };
      daysOverdue: number;
      /** For ordering: the transfer's deadline. */
      due: NumericDate;
      detail: { transfer: number; from: string; to: string; deadline: string };
    }
  | {
      type: 'stopped_overdue';
      member: { id: string; name: string; org: string };
      daysOverdue: number;
      detail: { since: IsoDate; due: IsoDate };
    }
  | {
      type: 'temp_overdue';
      member: { id: string; name: string; org: string };
      daysOverdue: number;
      detail: { temp: number; until: IsoDate; to: string | null };
    };

/**
 * The alerts `state` raises for the subtree `scope` at `now`:
 * `ledgerAlerts(state, items, new Set(['b2']), now)` → `[{ type: 'arrival_awaiting', … }]`
 * for a member in transit to b2. `items` give a 证明信's destination.
 */
export function ledgerAlerts(
  state: MemberState,
  items: readonly LedgerItem[],
  scope: ReadonlySet<string>,
  now: NumericDate,
): LedgerAlert[] {
  const member = { id: state.id, name: state.name, org: state.org };
  const out: LedgerAlert[] = [];
  const t = state.transfer;
  if (t !== undefined) {
    const daysOverdue = now > t.deadline ? Math.ceil((now - t.deadline) / DAY) : 0;
    const detail = {
      transfer: t.seq,
      from: t.from,
      to: t.to,
      deadline: new Date(t.deadline * 1000).toISOString(),
    };
    const base = { member, daysOverdue, due: t.deadline, detail };
    if (scope.has(t.to)) out.push({ type: 'arrival_awaiting', ...base });
    if (scope.has(t.from) && daysOverdue > 0) out.push({ type: 'transfer_overdue', ...base });
  }
  const temp = state.temp;
  const today = todayOf(now);
  if (state.status === 'stopped' && state.stoppedOn !== undefined && scope.has(state.org)) {
    const due = stopDecisionDue(state.stoppedOn);
    if (due <= today)
      out.push({
        type: 'stopped_overdue',
        member,
        daysOverdue: Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000),
        detail: { since: state.stoppedOn, due },
      });
  }
  if (temp !== undefined && scope.has(state.org) && temp.until < today) {
    const issued = items.find((i) => i.claims.seq === temp.seq)?.claims.dat as
      { to?: string } | undefined;
    out.push({
      type: 'temp_overdue',
      member,
      daysOverdue: Math.round((Date.parse(today) - Date.parse(temp.until)) / 86_400_000),
      detail: { temp: temp.seq, until: temp.until, to: issued?.to ?? null },
    });
  }
  return out;
}

/**
 * Days an HR move (行政关系调动) is past its grace period without a transfer of
 * the member's Party relationship, or `undefined` when it raises nothing:
 * - still within `graceDays` of the move (the day it ends included);
 * - the member has a transfer_out signed from `graceDays` before the move on
 *   (HR often records a move after the branch already signed the transfer);
 * - the member is no longer one (出党, 去世): there is nothing to transfer.
 * A move whose national ID names no member (`member` undefined) raises it:
 * the HR system knows a member the ledger does not.
 *
 * `hrMoveOverdue({ movedOn: '2024-03-01' }, undefined, '2024-04-01', 30)` → 1.
 */
export function hrMoveOverdue(
  move: { movedOn: IsoDate },
  member: MemberState | undefined,
  today: IsoDate,
  graceDays: number,
): number | undefined {
  const overdue = dayNumberOf(today) - dayNumberOf(addDays(move.movedOn, graceDays));
  if (overdue <= 0) return undefined;
  if (member === undefined) return overdue;
  if (member.status === 'left' || member.status === 'deceased') return undefined;
  const since = startOfDay(addDays(move.movedOn, -graceDays));
  const transferred = member.entries.some((e) => e.knd === 'transfer_out' && e.iat >= since);
  return transferred ? undefined : overdue;
}
