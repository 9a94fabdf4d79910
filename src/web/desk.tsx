/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { EntryKind } from '../domain/types.ts';
import type { App, AppEnv } from '../http/env.ts';
import { alertsFor, type Alert, type AlertType } from '../service/alerts.ts';
import { listRecentEntries, officerNames, signersOf } from '../service/entry-lists.ts';
import { Pager, Select, pageOf } from './components.tsx';
import { render, viewOf, type View } from './context.ts';
import { fmtDate, fmtTime, secondsOf } from './format.ts';
import { Layout } from './layout.tsx';
import { officerScope, orgOptions, type Scope } from './scope.ts';
import { csvResponse, DenseTable, type TableModel } from './table.tsx';
import { entryDetail, orgName } from './timeline.tsx';

export const ALERT_LISTS = [
  'arrival_awaiting',
  'transfer_overdue',
  'temp_overdue',
  'stopped_overdue',
  'hr_unmatched',
  'dues_lapse',
  'dues_warn',
] as const satisfies readonly AlertType[];
const LISTS = [...ALERT_LISTS, 'activity'] as const;
type List = (typeof LISTS)[number];
export const PAGE_SIZE = 20;
/** 最近签注: the last 90 days (older history is on each member's page). */
export const ACTIVITY_DAYS = 90;

const isList = (s: string | undefined): s is List => LISTS.includes(s as List);

interface DeskData {
  alerts: Map<AlertType, Alert[]>;
  signers: Map<string, { org: string; actor: string }>;
  names: Map<string, string>;
}

async function loadAlerts(c: Context<AppEnv>, scope: Scope, q: string): Promise<DeskData> {
  const deps = c.var.deps;
  const all = await alertsFor(deps, scope.orgIds, { hrDays: c.var.config.hrTransferDays });
  const needle = q.toLowerCase();
  const alerts = new Map<AlertType, Alert[]>(ALERT_LISTS.map((l) => [l, []]));
  for (const a of all) {
    const name = a.member?.name ?? String(a.detail.name ?? '');
    if (needle && !name.toLowerCase().includes(needle)) continue;
    alerts.get(a.type)?.push(a);
  }
  for (const list of alerts.values()) list.sort((x, y) => y.daysOverdue - x.daysOverdue);
  const refs = [
    ...(alerts.get('arrival_awaiting') ?? []),
    ...(alerts.get('transfer_overdue') ?? []),
  ]
    .filter((a) => a.member)
    .map((a) => ({ memberId: a.member!.id, seq: Number(a.detail.transfer) }));
  const signers = await signersOf(deps, refs);
  const names = await officerNames(
    deps,
    [...signers.values()].map((s) => s.actor),
  );
  return { alerts, signers, names };
}

/** One alert list as a table (the same model makes the page table and the CSV). */
function alertTable(
  view: View,
  scope: Scope,
  list: AlertType,
  data: DeskData,
  rows: Alert[],
): TableModel {
  const { t } = view;
  const name = (id: string) => orgName(scope.tree, id);
  const member = (a: Alert) =>
    a.member
      ? { text: a.member.name, href: `/members/${a.member.id}` }
      : { text: String(a.detail.name ?? '') };
  const days = (a: Alert) => ({ text: String(a.daysOverdue), num: true });
  const d = (a: Alert) => a.detail as Record<string, string | number | null>;
  switch (list) {
    case 'arrival_awaiting':
    case 'transfer_overdue':
      return {
        headers: [
          t('desk.member'),
          t('desk.from'),
          t('desk.to'),
          t('desk.deadline'),
          t('desk.daysOverdue'),
          t('desk.signedBy'),
        ],
        rows: rows.map((a) => {
          const s = a.member ? data.signers.get(`${a.member.id}/${d(a).transfer}`) : undefined;
          return [
            member(a),
            { text: name(String(d(a).from)) },
            { text: name(String(d(a).to)) },
            { text: fmtDate(secondsOf(String(d(a).deadline))) },
            days(a),
            { text: s ? `${data.names.get(s.actor) ?? s.actor}（${name(s.org)}）` : '' },
          ];
        }),
      };
    case 'temp_overdue':
      return {
        headers: [
          t('desk.member'),
          t('desk.org'),
          t('desk.until'),
          t('desk.to'),
          t('desk.daysOverdue'),
        ],
        rows: rows.map((a) => [
          member(a),
          { text: name(a.member?.org ?? '') },
          { text: String(d(a).until ?? '') },
          { text: String(d(a).to ?? '') },
          days(a),
        ]),
      };
    case 'stopped_overdue':
      return {
        headers: [t('desk.member'), t('desk.org'), t('desk.stoppedOn'), t('desk.daysOverdue')],
        rows: rows.map((a) => [
          member(a),
          { text: name(a.member?.org ?? '') },
          { text: String(d(a).since ?? '') },
          days(a),
        ]),
      };
    case 'hr_unmatched':
      return {
        headers: [
          t('desk.member'),
          t('member.nationalId'),
          t('desk.from'),
          t('desk.to'),
          t('desk.moved'),
          t('desk.hrRef'),
          t('desk.daysOverdue'),
        ],
        rows: rows.map((a) => [
          member(a),
          { text: String(d(a).nationalId ?? '') },
          { text: name(String(d(a).from)) },
          { text: name(String(d(a).to)) },
          { text: String(d(a).date ?? '') },
          { text: String(d(a).reference ?? '') },
          days(a),
        ]),
      };
    case 'dues_warn':
    case 'dues_lapse':
      return {
        headers: [
          t('desk.member'),
          t('desk.org'),
          t('desk.duesThrough'),
          t('desk.unpaidMonths'),
          t('desk.daysOverdue'),
        ],
        rows: rows.map((a) => [
          member(a),
          { text: name(a.member?.org ?? '') },
          { text: String(d(a).due ?? '') },
          { text: String(d(a).unpaidMonths ?? ''), num: true },
          days(a),
        ]),
      };
  }
}

async function activityTable(
  c: Context<AppEnv>,
  view: View,
  scope: Scope,
  page: { limit: number; offset: number },
  q: string,
): Promise<{ model: TableModel; total: number }> {
  const { t } = view;
  const since = new Date((c.var.deps.now() - ACTIVITY_DAYS * 86400) * 1000);
  const { rows, total } = await listRecentEntries(c.var.deps, scope.orgIds, page, {
    since,
    ...(q ? { q } : {}),
  });
  const names = await officerNames(
    c.var.deps,
    rows.map((r) => r.actor),
  );
  return {
    total,
    model: {
      headers: [
        t('desk.when'),
        t('desk.member'),
        t('desk.kind'),
        t('desk.org'),
        t('desk.signedBy'),
        t('desk.what'),
      ],
      rows: rows.map((r) => [
        { text: fmtTime(secondsOf(r.issuedAt)) },
        { text: r.name, href: `/members/${r.memberId}` },
        { text: t(`kind.${r.kind as EntryKind}`) },
        { text: orgName(scope.tree, r.org) },
        { text: names.get(r.actor) ?? r.actor },
        {
          text: entryDetail(
            view,
            scope.tree,
            {
              seq: r.seq,
              kind: r.kind,
              org: r.org,
              officer: r.actor,
              at: r.issuedAt.toISOString(),
              dat: r.claims.dat,
            },
            [],
          ).join('；'),
        },
      ]),
    },
  };
}

const listTitle = (view: View, list: List) =>
  view.t(list === 'activity' ? 'desk.activity' : `desk.${list}`);

function csvHref(view: View, list: List): string {
  const q = new URLSearchParams();
  for (const k of ['org', 'q']) {
    const v = view.query.get(k);
    if (v) q.set(k, v);
  }
  q.set('list', list);
  return `/desk.csv?${q}`;
}

/** 工作台: the alerts and recent activity of the officer's subtree (GET /desk, GET /desk.csv). */
export function register(app: App) {
  app.get('/desk', async (c) => {
    const scope = await officerScope(c, 'alerts:read');
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const { t } = view;
    const q = (c.req.query('q') ?? '').trim().slice(0, 50);
    const only = c.req.query('list');
    const shown = LISTS.filter((l) => !isList(only) || l === only);
    // The activity page and the alerts are independent: fetch them at once.
    const activityPage = pageOf(c.req.query('p_activity'));
    const activity = shown.includes('activity')
      ? activityTable(
          c,
          view,
          scope,
          { limit: PAGE_SIZE, offset: (activityPage - 1) * PAGE_SIZE },
          q,
        )
      : undefined;
    activity?.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled
    const data: DeskData = shown.some((l) => l !== 'activity')
      ? await loadAlerts(c, scope, q)
      : { alerts: new Map(), signers: new Map(), names: new Map() };
    const sections = [];
    for (const list of shown) {
      const page = pageOf(c.req.query(`p_${list}`));
      const window = { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
      let model: TableModel;
      let total: number;
      if (list === 'activity') ({ model, total } = await activity!);
      else {
        const rows = data.alerts.get(list) ?? [];
        total = rows.length;
        model = alertTable(
          view,
          scope,
          list,
          data,
          rows.slice(window.offset, window.offset + PAGE_SIZE),
        );
      }
      sections.push(
        <section aria-labelledby={`h-${list}`}>
          <h2 id={`h-${list}`}>
            {listTitle(view, list)} <span class="badge">{total}</span>
          </h2>
          <DenseTable model={model} caption={listTitle(view, list)} empty={t('desk.empty')} />
          {total > PAGE_SIZE && (
            <Pager view={view} page={page} pageSize={PAGE_SIZE} total={total} param={`p_${list}`} />
          )}
          <p>
            <a href={csvHref(view, list)} download>
              {t('common.exportCsv')}
            </a>
          </p>
        </section>,
      );
    }
    const scopeName = scope.roots.map((r) => orgName(scope.tree, r)).join('、');
    return render(
      c,
      <Layout view={view} title={t('desk.title')}>
        <h1>{t('desk.title')}</h1>
        <p class="muted">{t('desk.scope', { org: scopeName })}</p>
        <form method="get" action="/desk" class="filters" role="search">
          <Select
            name="org"
            label={t('desk.org')}
            value={scope.chosen ?? ''}
            options={[['', t('common.all')], ...orgOptions(scope.tree, scope.granted)]}
          />
          <Select
            name="list"
            label={t('desk.list')}
            value={isList(only) ? only : ''}
            options={[
              ['', t('common.all')],
              ...LISTS.map((l) => [l, listTitle(view, l)] as [string, string]),
            ]}
          />
          <div class="field">
            <label for="f-q">{t('desk.q')}</label>
            <input id="f-q" name="q" value={q} maxlength={50} />
          </div>
          <button type="submit">{t('common.search')}</button>
          <a href="/desk">{t('common.reset')}</a>
        </form>
        {sections}
      </Layout>,
    );
  });

  app.get('/desk.csv', async (c) => {
    const scope = await officerScope(c, 'alerts:read');
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const list = c.req.query('list');
    const chosen: List = isList(list) ? list : 'arrival_awaiting';
    const q = (c.req.query('q') ?? '').trim().slice(0, 50);
    let model: TableModel;
    if (chosen === 'activity')
      ({ model } = await activityTable(c, view, scope, { limit: 10_000, offset: 0 }, q));
    else {
      const data = await loadAlerts(c, scope, q);
      model = alertTable(view, scope, chosen, data, data.alerts.get(chosen) ?? []);
    }
    return csvResponse(c, `pmcert-${chosen}-${fmtDate(c.var.deps.now())}.csv`, model);
  });
}
