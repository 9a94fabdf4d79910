/** @jsxImportSource hono/jsx */
import type { EntryBodies, EntryKind, OrgTree } from '../domain/types.ts';
import type { View } from './context.ts';
import { fmtDate, fmtTime, secondsOf } from './format.ts';

export interface TimelineEntry {
  seq: number;
  kind: string;
  org: string;
  officer: string;
  at: string;
  dat: unknown;
}

export const orgName = (tree: OrgTree, id: string): string => tree.get(id)?.name ?? id;

/** What an entry says beyond its kind, in words: destination, validity, lateness, days taken. */
export function entryDetail(
  view: View,
  tree: OrgTree,
  e: TimelineEntry,
  previous: readonly TimelineEntry[],
): string[] {
  const { t } = view;
  const kind = e.kind as EntryKind;
  const out: string[] = [];
  switch (kind) {
    case 'transfer_out': {
      const d = e.dat as EntryBodies['transfer_out'];
      out.push(t('entry.toOrg', { to: orgName(tree, d.to) }));
      out.push(t('entry.validDays', { days: d.validDays, deadline: fmtDate(d.deadline) }));
      if (d.reason) out.push(t('entry.reason', { reason: d.reason }));
      break;
    }
    case 'arrival': {
      const d = e.dat as EntryBodies['arrival'];
      out.push(d.late ? t('entry.late', { days: d.daysLate }) : t('entry.onTime'));
      const from = previous.find((p) => p.seq === d.transfer);
      if (from)
        out.push(
          t('entry.tookDays', {
            days: Math.max(0, Math.round((secondsOf(e.at) - secondsOf(from.at)) / 86400)),
          }),
        );
      break;
    }
    case 'transfer_return': {
      const d = e.dat as EntryBodies['transfer_return'];
      if (d.reason) out.push(t('entry.reason', { reason: d.reason }));
      break;
    }
    case 'temp_out': {
      const d = e.dat as EntryBodies['temp_out'];
      out.push(t('entry.until', { until: d.until }));
      if (d.to) out.push(t('entry.toOrg', { to: d.to }));
      if (d.reason) out.push(t('entry.reason', { reason: d.reason }));
      break;
    }
    case 'temp_return': {
      const d = e.dat as EntryBodies['temp_return'];
      out.push(d.late ? t('entry.lateReturn') : t('entry.onTime'));
      break;
    }
    case 'flow_register': {
      const d = e.dat as EntryBodies['flow_register'];
      out.push(t('entry.host', { host: orgName(tree, d.host) }));
      if (d.until) out.push(t('entry.until', { until: d.until }));
      break;
    }
    case 'status': {
      const d = e.dat as EntryBodies['status'];
      out.push(t('entry.statusChange', { change: t(`change.${d.change}`), date: d.date }));
      if (d.reason) out.push(t('entry.reason', { reason: d.reason }));
      break;
    }
    case 'correction': {
      const d = e.dat as EntryBodies['correction'];
      out.push(t('entry.refers', { seq: d.refers, reason: d.reason }));
      break;
    }
    case 'enroll':
      break;
  }
  return out;
}

/** Every entry of a member, newest first: what, who signed, where, when, on time or late. */
export function Timeline(props: {
  view: View;
  tree: OrgTree;
  entries: readonly TimelineEntry[];
  officers: Map<string, string>;
}) {
  const { view, tree, entries, officers } = props;
  const { t } = view;
  return (
    <ol class="timeline" reversed>
      {[...entries].reverse().map((e) => (
        <li>
          <strong>{t(`kind.${e.kind as EntryKind}`)}</strong>{' '}
          <span class="when">
            <time datetime={e.at}>{fmtTime(secondsOf(e.at))}</time>
          </span>
          <br />
          <span>
            {t('entry.signedBy', {
              org: orgName(tree, e.org),
              officer: officers.get(e.officer) ?? e.officer,
            })}
          </span>
          {entryDetail(view, tree, e, entries).map((line) => (
            <>
              <br />
              <span>{line}</span>
            </>
          ))}
        </li>
      ))}
    </ol>
  );
}
