import { addDays, todayOf } from '../domain/dates.ts';
import { hrMoveOverdue, ledgerAlerts } from '../domain/alerts.ts';
import { replay } from '../domain/ledger.ts';
import { alertCandidates, hrMoveCandidates } from '../store/alerts.ts';
import { displayMask } from '../domain/national-id.ts';
import type { ServiceDeps } from './deps.ts';
import { monthOfDate, shiftMonth } from '../domain/dues.ts';
import { duesAlerts } from '../domain/dues-standing.ts';
import { DEFAULT_RULES, type Rules } from '../domain/rules.ts';
import { duesMembersIn, linesOfMembers } from '../store/dues.ts';
import { exemptionsOf } from './dues.ts';

export const ALERT_TITLES = {
  arrival_awaiting: { zh: '待报到', en: 'Arrival awaited' },
  transfer_overdue: { zh: '转出逾期未报到', en: 'Transfer past its deadline' },
  temp_overdue: { zh: '证明信逾期未签回', en: 'Temporary certificate past its end date' },
  stopped_overdue: {
    zh: '停止党籍满两年，应作出处置（按自行脱党除名或恢复党籍）',
    en: 'Membership stopped for two years: decide (struck off or restored)',
  },
  hr_unmatched: {
    zh: '行政关系已转、组织关系未转',
    en: 'Personnel moved, Party membership not transferred',
  },
  dues_warn: { zh: '党费欠交', en: 'Dues unpaid for months' },
  dues_lapse: {
    zh: '连续六个月未交党费（党章第九条）',
    en: 'Dues unpaid six months in a row (Party Constitution art. 9)',
  },
} as const;
export type AlertType = keyof typeof ALERT_TITLES;

export interface Alert {
  type: AlertType;
  title: { zh: string; en: string };
  member: { id: string; name: string; org: string } | null;
  /** Days past the deadline / end date / HR grace period; 0 for an arrival still in time. */
  daysOverdue: number;
  detail: Record<string, unknown>;
}

/**
 * The alerts of a subtree (`orgIds`): arrivals it awaits, transfers out past
 * their deadline (the 口袋党员 risk), 证明信 not signed back after their end
 * date, and HR moves with no transfer_out within `hrDays` days.
 */
export async function alertsFor(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  orgIds: string[],
  opts: { hrDays: number },
): Promise<Alert[]> {
  const now = deps.now();
  const today = todayOf(now);
  const inScope = new Set(orgIds);
  const alerts: Alert[] = [];
  // Independent reads at once (the dashboard renders them on every visit).
  const [candidates, moves] = await Promise.all([
    alertCandidates(deps.db, orgIds),
    hrMoveCandidates(deps.db, orgIds, addDays(today, -opts.hrDays)),
  ]);
  const ledger = candidates.flatMap((items) => ledgerAlerts(replay(items), items, inScope, now));
  // Transfers by deadline, then 证明信 by end date (as the list has always read), then 停止党籍.
  const transfers = ledger
    .flatMap((a) => (a.type === 'arrival_awaiting' || a.type === 'transfer_overdue' ? [a] : []))
    .sort((a, b) => a.due - b.due || a.member.id.localeCompare(b.member.id));
  const temps = ledger
    .flatMap((a) => (a.type === 'temp_overdue' ? [a] : []))
    .sort((a, b) => a.detail.until.localeCompare(b.detail.until));
  const stopped = ledger
    .flatMap((a) => (a.type === 'stopped_overdue' ? [a] : []))
    .sort((a, b) => a.detail.due.localeCompare(b.detail.due));
  for (const a of [...transfers, ...temps, ...stopped]) {
    const { type, member, daysOverdue, detail } = a;
    alerts.push({ type, title: ALERT_TITLES[type], member, daysOverdue, detail });
  }
  for (const h of moves) {
    const state = h.ledger ? replay(h.ledger) : undefined;
    const daysOverdue = hrMoveOverdue(h, state, today, opts.hrDays);
    if (daysOverdue === undefined) continue;
    alerts.push({
      type: 'hr_unmatched',
      title: ALERT_TITLES.hr_unmatched,
      // The member is named only where the move concerns their org (a move recorded about
      // someone else's member names nobody) or to those over the member's org.
      member:
        state && (inScope.has(state.org) || state.org === h.from || state.org === h.to)
          ? { id: state.id, name: state.name, org: state.org }
          : null,
      daysOverdue,
      detail: {
        move: h.id,
        name: h.name,
        nationalId: displayMask(h.nationalId),
        from: h.from,
        to: h.to,
        date: h.movedOn,
        reference: h.reference,
      },
    });
  }
  alerts.push(...(await duesAlertsFor(deps, orgIds)));
  return alerts;
}

/**
 * Dues alerts of the members whose relationship the subtree holds, decided by
 * the domain (duesAlerts) over their lines: months count once they have
 * ended, so the cutoff is last month. `daysOverdue` runs from the end of the
 * last month paid (or from the first month of the record).
 */
export async function duesAlertsFor(
  deps: Pick<ServiceDeps, 'db' | 'now'> & { rules?: Rules },
  orgIds: string[],
): Promise<Alert[]> {
  const people = await duesMembersIn(deps.db, orgIds);
  if (people.length === 0) return [];
  const lines = await linesOfMembers(
    deps.db,
    people.map((p) => p.id),
  );
  if (lines.length === 0) return [];
  const today = todayOf(deps.now());
  const cutoff = shiftMonth(monthOfDate(today), -1);
  const byId = new Map(people.map((p) => [p.id, p]));
  const exemptOf = await exemptionsOf(
    deps,
    people.map((p) => p.id),
  );
  return duesAlerts(
    lines,
    people.map((p) => p.id),
    cutoff,
    deps.rules ?? DEFAULT_RULES,
    exemptOf,
  ).map((s) => {
    const p = byId.get(s.member)!;
    const since = `${shiftMonth(cutoff, -s.run + 1)}-01`;
    return {
      type: s.level === 'lapse' ? 'dues_lapse' : 'dues_warn',
      title: ALERT_TITLES[s.level === 'lapse' ? 'dues_lapse' : 'dues_warn'],
      member: { id: p.id, name: p.name, org: p.orgId },
      daysOverdue: Math.max(0, Math.round((Date.parse(today) - Date.parse(since)) / 86_400_000)),
      detail: { unpaidMonths: s.run, due: s.due, since: since.slice(0, 7), cutoff },
    };
  });
}
