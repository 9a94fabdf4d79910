/**
 * Months a member owes no dues: those wholly inside a 停止党籍. A member
 * whose membership is stopped (党员教育管理工作条例 2019 art. 24) holds no
 * Party rights or duties until 恢复党籍, dues included, so the branch lists
 * them in no dues table. Those months are neither paid nor a gap: `due` walks
 * over them and no unpaid run counts them. The month of the stop and the
 * month of the restoration are owed as usual (the member was a member in
 * part of each). Computed from the member's signed status entries, so the
 * server, the offline verifier and the annual filing agree.
 */
import { monthIndex, type Month } from './dues.ts';
import type { IsoDate } from './types.ts';

/** One 停止党籍: stopped on `from`, restored on `to` (absent while it lasts). */
export interface StopPeriod {
  from: IsoDate;
  to?: IsoDate;
}

/** Says whether a month is owed no dues; `NONE_EXEMPT` when nothing is. */
export type Exempt = (month: Month) => boolean;
export const NONE_EXEMPT: Exempt = () => false;

/** What stopPeriods reads of an entry: its kind and body, in ledger order. */
interface StatusLike {
  knd: string;
  dat: unknown;
}

/**
 * The member's stops from their entries in ledger order (other kinds are
 * passed over): `stopPeriods([stopped 2026-03-15, restored 2026-06-10])` →
 * `[{ from: '2026-03-15', to: '2026-06-10' }]`.
 */
export function stopPeriods(entries: readonly StatusLike[]): StopPeriod[] {
  const out: StopPeriod[] = [];
  for (const e of entries) {
    if (e.knd !== 'status') continue;
    const { change, date } = e.dat as { change?: string; date?: IsoDate };
    if (typeof date !== 'string') continue;
    const open = out.at(-1);
    if (change === 'stopped' && (open === undefined || open.to !== undefined))
      out.push({ from: date });
    if (change === 'restored' && open !== undefined && open.to === undefined) open.to = date;
  }
  return out;
}

/**
 * The months strictly between a stop's month and its restoration's month
 * (every later month while the stop lasts): `exemptWhileStopped([{ from:
 * '2026-03-15', to: '2026-06-10' }])('2026-04')` → true, `('2026-03')` → false.
 */
export function exemptWhileStopped(periods: readonly StopPeriod[]): Exempt {
  if (periods.length === 0) return NONE_EXEMPT;
  const spans = periods.map((p) => ({
    after: monthIndex(p.from.slice(0, 7)),
    before: p.to === undefined ? Infinity : monthIndex(p.to.slice(0, 7)),
  }));
  return (m) => {
    const i = monthIndex(m);
    return spans.some((s) => i > s.after && i < s.before);
  };
}

/** exemptWhileStopped of the entries' stops: what a verifier holding a bundle computes. */
export const exemptFromEntries = (entries: readonly StatusLike[]): Exempt =>
  exemptWhileStopped(stopPeriods(entries));
