/**
 * A member's ledger alerts, decided from the replayed state (SQL only picks
 * candidate members): an arrival a subtree awaits (待报到), a transfer out of
 * it past its deadline (转出逾期未报到, the 口袋党员 risk), a 证明信 not signed
 * back after its end date (证明信逾期未签回). Whatever `evolve` closed — an
 * arrival, a return, 出党 or 去世 — raises nothing.
 */
import { todayOf } from './dates.ts';
import type { LedgerItem } from './ledger.ts';
import type { MemberState } from './ledger-types.ts';
import type { IsoDate, NumericDate } from './types.ts';

const DAY = 86_400;

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
