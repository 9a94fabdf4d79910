/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { FIRST_STATISTICS_YEAR, LAST_STATISTICS_YEAR } from '../domain/filing.ts';
import type { Balance } from '../domain/indicators.ts';
import { NotFound, PmcError } from '../errors.ts';
import type { App, AppEnv } from '../http/env.ts';
import { titlesOf } from '../i18n/messages.ts';
import type { WebKey } from '../i18n/web.ts';
import { mayActOn } from '../service/authorisation.ts';
import { pullFilings, type FilingRowView, type FilingsPull } from '../service/filing-verdict.ts';
import {
  exemptFiling,
  extendFiling,
  fileAnnual,
  figuresForFiling,
  filingTrend,
  reviewFiling,
  type TrendYear,
} from '../service/filings.ts';
import { filingCsv, filingTableRows, filingXlsx } from '../service/filing-export.ts';
import { CsrfField, Field, Notice } from './components.tsx';
import { fmtDate } from './format.ts';
import { formOf, render, seeOther, viewOf, type View } from './context.ts';
import { Layout } from './layout.tsx';
import { officerScope, type Scope } from './scope.ts';

const pct = (r: number | null | undefined) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);

/** Hand-written SVG bars: one per child, the share given (on-time rate, return rate). */
function Bars(props: { title: string; rows: { label: string; value: number | null }[] }) {
  const h = 18;
  const width = 320;
  return (
    <figure>
      <figcaption>{props.title}</figcaption>
      <svg
        role="img"
        aria-label={props.title}
        width={width + 160}
        height={props.rows.length * h + 4}
        viewBox={`0 0 ${width + 160} ${props.rows.length * h + 4}`}
      >
        {props.rows.map((r, i) => (
          <g>
            <text x="0" y={i * h + 13} font-size="12">
              {r.label}
            </text>
            <rect
              x="110"
              y={i * h + 3}
              width={Math.round((r.value ?? 0) * width)}
              height={h - 6}
              fill="#1a6"
            />
            <text x={116 + Math.round((r.value ?? 0) * width)} y={i * h + 13} font-size="12">
              {pct(r.value)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

function Verdict(props: { view: View; row: FilingRowView }) {
  const { t } = props.view;
  const v = props.row.verdict;
  if (v === null) return <span class="muted">—</span>;
  if (v.ok) return <span>✔ {t('filings.verified')}</span>;
  const items = [
    ...v.figures.map((d) => `${d.path}: ${String(d.filed)} ≠ ${String(d.recomputed)}`),
    ...v.stored.map((d) => `${t('filings.stored')} ${d.path}`),
    ...v.backdated.map(
      (b) => `${t('filings.backdated')} ${b.member}#${b.seq} ${b.kind} ${b.issuedAt.slice(0, 10)}`,
    ),
    ...v.children.map((k) => `${t('filings.kidHash')} ${k.org}`),
    ...(v.signature === 'VALID' ? [] : [`${t('filings.signature')} ${v.signature}`]),
  ];
  return (
    <details>
      <summary>✘ {t('filings.failed', { n: items.length })}</summary>
      <ul>
        {items.map((x) => (
          <li>{x}</li>
        ))}
      </ul>
    </details>
  );
}

/** The balance lines of table 1, in the paper form's order. */
const BALANCE: readonly (keyof Balance)[] = [
  'opening',
  'admitted',
  'transferredInInside',
  'transferredInOutside',
  'restored',
  'died',
  'left',
  'transferredOutInside',
  'transferredOutOutside',
  'stopped',
  'expectedClosing',
  'closing',
  'difference',
];

/** The form's fields: the cover, the written explanations, the name lists. */
const COVER = ['filer', 'responsible', 'phone', 'date'] as const;
const EXPLAIN = ['difference', 'opening', 'change', 'consolidation'] as const;
const NAMES = ['restored', 'stopped', 'difference'] as const;
type Values = Record<string, string>;

/** Where a refusal shows: the form field the domain names (`explanations.difference` …) or the top. */
interface Refusal {
  message: string;
  field?: string;
  /** the child whose review was refused */
  child?: string;
}

/**
 * Hand-written SVG columns over the years: this org's filed on-time rate and
 * 证明信 return rate side by side per year; a year with nothing filed says so.
 */
function Trend(props: { view: View; years: readonly TrendYear[] }) {
  const { t } = props.view;
  const col = 64;
  const top = 18;
  const h = 100;
  const width = props.years.length * col + 10;
  const series = [
    { key: 'onTimeRate', fill: '#1a6', label: t('filings.trendOnTime') },
    { key: 'returnRate', fill: '#36c', label: t('filings.trendReturn') },
  ] as const;
  const title = t('filings.trendChart');
  return (
    <figure>
      <figcaption>
        {title}:{' '}
        {series.map((s) => (
          <span>
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={s.fill} />
            </svg>{' '}
            {s.label}{' '}
          </span>
        ))}
      </figcaption>
      <svg
        role="img"
        aria-label={title}
        width={width}
        height={top + h + 34}
        viewBox={`0 0 ${width} ${top + h + 34}`}
      >
        <line x1="4" y1={top + h} x2={width - 4} y2={top + h} stroke="#999" />
        {props.years.map((y, i) => {
          const x = 8 + i * col;
          return (
            <g>
              {y.state === null ? (
                <text x={x} y={top + h - 4} font-size="11" fill="#999">
                  {t('filings.trendNone')}
                </text>
              ) : (
                series.map((s, k) => {
                  const v = y[s.key];
                  const bar = Math.round((v ?? 0) * h);
                  return (
                    <g>
                      <rect
                        x={x + k * 26}
                        y={top + h - bar}
                        width="22"
                        height={bar}
                        fill={s.fill}
                      />
                      <text x={x + k * 26} y={top + h - bar - 4} font-size="10">
                        {v === null ? '—' : `${Math.round(v * 100)}%`}
                      </text>
                    </g>
                  );
                })
              )}
              <text x={x + 8} y={top + h + 16} font-size="12">
                {y.year}
              </text>
              {y.closing !== null && (
                <text x={x + 4} y={top + h + 30} font-size="10" fill="#666">
                  {t('filings.trendClosing', { n: String(y.closing) })}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

interface PageProps {
  view: View;
  scope: Scope;
  org: string;
  year: number;
  pull: FilingsPull;
  trend: TrendYear[];
  own: { balance: Balance; lastClosing: number | undefined } | null;
  canFile: boolean;
  canReview: boolean;
  values: Values;
  refusal?: Refusal;
  done?: string;
}

const yearOf = (raw: string | undefined, now: number): number => {
  const asked = Number(raw);
  return Number.isInteger(asked) && asked >= FIRST_STATISTICS_YEAR && asked <= LAST_STATISTICS_YEAR
    ? asked
    : new Date(now * 1000).getUTCFullYear() - 1;
};

/** A textarea with its label and its error in place. */
function TextArea(props: {
  name: string;
  label: string;
  value: string;
  error?: string | undefined;
  hint?: string;
}) {
  const id = `f-${props.name.replace('.', '-')}`;
  return (
    <div class={`field${props.error ? ' field-error' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        rows={3}
        maxlength={2000}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-err` : props.hint ? `${id}-hint` : undefined}
      >
        {props.value}
      </textarea>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={`${id}-err`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** 本级上报: the org's figures as they would be filed, and the form that signs them. */
function OwnFiling(props: PageProps) {
  const { view, pull, own, values, refusal, org, year } = props;
  const { t } = view;
  const me = pull.own;
  const at = (field: string) => (refusal?.field === field ? refusal.message : undefined);
  const open = me.state === 'ready' || me.state === 'returned' || me.state === 'awaiting_children';
  const pending = pull.children.filter((c) => c.state !== 'accepted' && c.exempt === null);
  const b = own?.balance;
  const explainShown = (k: (typeof EXPLAIN)[number]) =>
    (k === 'difference' && b !== undefined && b.difference !== 0) ||
    refusal?.field === `explanations.${k}` ||
    (values[`explanations.${k}`] ?? '') !== '';
  const namesShown = (k: (typeof NAMES)[number]) =>
    (b !== undefined && (k === 'difference' ? b.difference !== 0 : b[k] > 0)) ||
    refusal?.field === `nameLists.${k}`;
  return (
    <section aria-labelledby="own-h">
      <h2 id="own-h">{t('filings.own', { name: me.name })}</h2>
      <p>
        {t('filings.state')}：{me.stateTitle[view.lang]}
        {me.version > 0 ? ` · ${t('filings.version')} ${me.version}` : ''}
        {me.returnReason ? ` · ${t('filings.returnedWhy', { reason: me.returnReason })}` : ''}
      </p>
      {b && (
        <div class="scroll">
          <table class="dense">
            <caption class="muted">
              {t('filings.balance')}
              {own?.lastClosing !== undefined
                ? ` · ${t('filings.lastClosing', { n: own.lastClosing })}`
                : ''}
            </caption>
            <tbody>
              {BALANCE.map((k) => (
                <tr>
                  <th scope="row">{t(`filings.b.${k}` as WebKey)}</th>
                  <td class="num">{b[k]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {refusal && !refusal.child && !refusal.field && (
        <Notice kind="error">{refusal.message}</Notice>
      )}
      {!props.canFile ? null : !open ? (
        <Notice kind="info">{t('filings.cannotFile', { state: me.stateTitle[view.lang] })}</Notice>
      ) : (
        <form method="post" action="/filings/file" class="stack" novalidate>
          <CsrfField view={view} />
          <input type="hidden" name="org" value={org} />
          <input type="hidden" name="year" value={String(year)} />
          {pending.length > 0 && (
            <Notice kind="info">
              {t('filings.pending', { orgs: pending.map((c) => c.name).join('、') })}
            </Notice>
          )}
          <fieldset>
            <legend>{t('filings.cover')}</legend>
            <div class="grid2">
              {COVER.map((k) => (
                <Field
                  name={`cover.${k}`}
                  label={t(`filings.${k}` as WebKey)}
                  value={values[`cover.${k}`] ?? ''}
                  type={k === 'date' ? 'date' : k === 'phone' ? 'tel' : 'text'}
                  required
                  maxlength={k === 'phone' ? 30 : 50}
                  error={at(`cover.${k}`)}
                />
              ))}
            </div>
          </fieldset>
          {EXPLAIN.filter(explainShown).map((k) => (
            <TextArea
              name={`explanations.${k}`}
              label={t(`filings.explain.${k}` as WebKey)}
              value={values[`explanations.${k}`] ?? ''}
              error={at(`explanations.${k}`)}
            />
          ))}
          {NAMES.filter(namesShown).map((k) => (
            <TextArea
              name={`nameLists.${k}`}
              label={t(`filings.names.${k}` as WebKey)}
              value={values[`nameLists.${k}`] ?? ''}
              error={at(`nameLists.${k}`)}
              hint={t('filings.namesHint')}
            />
          ))}
          <p class="actions">
            <button type="submit" class="primary">
              {t('filings.submit')}
            </button>
          </p>
        </form>
      )}
    </section>
  );
}

/** 接收 / 退回 of one child's newest filed version (a return needs a reason). */
function ReviewForms(props: { view: View; row: FilingRowView; year: number; refusal?: Refusal }) {
  const { view, row, year, refusal } = props;
  const { t } = view;
  const id = `reason-${row.org}`;
  const error = refusal?.child === row.org ? refusal.message : undefined;
  return (
    <div class="review">
      <form method="post" action="/filings/review" class="inline">
        <CsrfField view={view} />
        <input type="hidden" name="child" value={row.org} />
        <input type="hidden" name="year" value={String(year)} />
        <input type="hidden" name="action" value="accepted" />
        <button type="submit" class="primary">
          {t('filings.accept')}
        </button>
      </form>{' '}
      <form method="post" action="/filings/review" class="inline">
        <CsrfField view={view} />
        <input type="hidden" name="child" value={row.org} />
        <input type="hidden" name="year" value={String(year)} />
        <input type="hidden" name="action" value="returned" />
        <input
          id={id}
          name="reason"
          maxlength={2000}
          placeholder={t('filings.returnReason')}
          aria-label={t('filings.returnReasonOf', { org: row.name })}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
        />{' '}
        <button type="submit">{t('filings.return')}</button>
        {error && (
          <p class="error" id={`${id}-err`}>
            {error}
          </p>
        )}
      </form>
    </div>
  );
}

/** 免报 / 允许迟报 and 延期 of a child not yet accepted: each with its reason, signed as the parent. */
function ExceptionForms(props: { view: View; row: FilingRowView; year: number }) {
  const { view, row, year } = props;
  const { t } = view;
  const hidden = (
    <>
      <CsrfField view={view} />
      <input type="hidden" name="child" value={row.org} />
      <input type="hidden" name="year" value={String(year)} />
    </>
  );
  return (
    <details>
      <summary>{t('filings.exceptions')}</summary>
      <form method="post" action="/filings/exempt" class="stack">
        {hidden}
        <input
          name="reason"
          maxlength={2000}
          placeholder={t('filings.exemptReason')}
          aria-label={t('filings.exemptReasonOf', { org: row.name })}
        />
        <label>
          <input type="checkbox" name="late" value="1" /> {t('filings.lateOnly')}
        </label>
        <button type="submit">{t('filings.exemptSubmit')}</button>
      </form>
      <form method="post" action="/filings/extend" class="stack">
        {hidden}
        <input
          type="date"
          name="until"
          aria-label={t('filings.extendUntilOf', { org: row.name })}
        />
        <input
          name="reason"
          maxlength={2000}
          placeholder={t('filings.extendReason')}
          aria-label={t('filings.extendReasonOf', { org: row.name })}
        />
        <button type="submit">{t('filings.extendSubmit')}</button>
      </form>
    </details>
  );
}

function FilingsPage(props: PageProps) {
  const { view, scope, org, year, pull, refusal } = props;
  const { t } = view;
  const rows = [...pull.children, pull.own];
  const lang = view.lang;
  return (
    <Layout view={view} title={t('filings.title')}>
      <h1>
        {t('filings.title')} · {scope.tree.get(org)?.name} · {year}
      </h1>
      {props.done && <Notice kind="ok">{props.done}</Notice>}
      {refusal?.child && <Notice kind="error">{refusal.message}</Notice>}
      <p>
        {t('filings.deadline')} {pull.deadline} · {t('filings.rate')} {pull.rate.filed}/
        {pull.rate.expected} ({pct(pull.rate.rate)}) · {t('filings.onTime')} {pull.rate.onTime}
      </p>
      <form method="get" action="/filings">
        <input type="hidden" name="org" value={org} />
        <label>
          {t('filings.year')}{' '}
          <input
            name="year"
            type="number"
            min={FIRST_STATISTICS_YEAR}
            max={LAST_STATISTICS_YEAR}
            value={String(year)}
          />
        </label>{' '}
        <button type="submit">{t('filings.show')}</button>
      </form>
      <table class="dense">
        <thead>
          <tr>
            <th>{t('filings.org')}</th>
            <th>{t('filings.state')}</th>
            <th>{t('filings.version')}</th>
            <th>{t('filings.filedAt')}</th>
            <th>{t('filings.late')}</th>
            <th>{t('filings.closing')}</th>
            <th>{t('filings.verdict')}</th>
            {props.canReview && <th>{t('filings.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr id={`filing-${r.org}`}>
              <td>
                {r.org === org ? (
                  r.name
                ) : (
                  <a href={`/filings?org=${encodeURIComponent(r.org)}&year=${year}`}>{r.name}</a>
                )}
              </td>
              <td>
                {r.stateTitle[lang]}
                {r.exempt ? ` (${t('filings.exempt')}: ${r.exempt.reason})` : ''}
                {r.returnReason ? ` (${r.returnReason})` : ''}
              </td>
              <td>{r.version || '—'}</td>
              <td>{r.filedAt?.slice(0, 10) ?? '—'}</td>
              <td>{r.late ? t('filings.isLate') : ''}</td>
              <td>{r.summary?.closing ?? '—'}</td>
              <td>
                <Verdict view={view} row={r} />
              </td>
              {props.canReview && (
                <td>
                  {r.org !== org && r.state === 'filed' ? (
                    <ReviewForms
                      view={view}
                      row={r}
                      year={year}
                      {...(refusal ? { refusal } : {})}
                    />
                  ) : null}
                  {r.org !== org && r.state !== 'accepted' ? (
                    <ExceptionForms view={view} row={r} year={year} />
                  ) : null}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <OwnFiling {...props} />
      <Bars
        title={t('filings.onTimeChart')}
        rows={pull.children.map((r) => ({ label: r.name, value: r.summary?.onTimeRate ?? null }))}
      />
      <Bars
        title={t('filings.returnChart')}
        rows={pull.children.map((r) => ({ label: r.name, value: r.summary?.returnRate ?? null }))}
      />
      <Trend view={view} years={props.trend} />
      <p>
        {t('filings.download')}{' '}
        <a href={`/filings.xlsx?org=${encodeURIComponent(org)}&year=${year}`}>XLSX</a> ·{' '}
        <a href={`/filings.csv?org=${encodeURIComponent(org)}&year=${year}`}>CSV</a>
      </p>
      <p class="muted">{t('filings.cli')}</p>
    </Layout>
  );
}

/** Everything the page shows for `org` and `year`, for a GET or a refused post. */
async function pageProps(
  c: Context<AppEnv>,
  scope: Scope,
  org: string,
  year: number,
  extra: { values?: Values; refusal?: Refusal; done?: string } = {},
): Promise<PageProps> {
  const deps = c.var.deps;
  const view = await viewOf(c);
  // A refused post re-renders the page: its links (the language switch) point at the page, not the post.
  view.path = '/filings';
  view.query = new URLSearchParams({ org, year: String(year) });
  const canFile = mayActOn(scope.tree, scope.officer, 'filings:file', [org]);
  const canReview = mayActOn(scope.tree, scope.officer, 'filings:review', [org]);
  const pull = await pullFilings(deps, org, year);
  const trend = await filingTrend(deps, org, year);
  let own: PageProps['own'] = null;
  if (canFile) {
    const f = await figuresForFiling(deps, org, year);
    own = { balance: f.figures.balance, lastClosing: f.lastClosing };
  }
  const values: Values = extra.values ?? {
    'cover.filer': scope.officer.displayName,
    'cover.date': fmtDate(deps.now()),
  };
  return {
    view,
    scope,
    org,
    year,
    pull,
    trend,
    own,
    canFile,
    canReview,
    values,
    ...(extra.refusal ? { refusal: extra.refusal } : {}),
    ...(extra.done ? { done: extra.done } : {}),
  };
}

/** A refusal in the visitor's language: the domain reason's title, the field it names. */
function refusalOf(view: View, err: PmcError, child?: string): Refusal {
  const title = titlesOf(err)[view.lang];
  const field =
    err.field && /^(cover|explanations|nameLists)\./.test(err.field) ? err.field : undefined;
  return {
    message: view.t('filings.refused', { detail: title }),
    ...(field ? { field } : {}),
    ...(child ? { child } : {}),
  };
}

/** The cover and explanations of the form, checked as the API's schema checks them; errors by field. */
function readFiling(view: View, values: Values) {
  const { t } = view;
  for (const k of COVER) {
    const v = values[`cover.${k}`] ?? '';
    const label = t(`filings.${k}` as WebKey);
    const bad = (message: string) => ({ refusal: { field: `cover.${k}`, message } });
    if (v === '') return bad(t('filings.required', { field: label }));
    if (v.length > (k === 'phone' ? 30 : 50)) return bad(t('filings.tooLong', { field: label }));
    if (k === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return bad(t('filings.badDate'));
  }
  for (const k of EXPLAIN)
    if ((values[`explanations.${k}`] ?? '').length > 2000)
      return {
        refusal: {
          field: `explanations.${k}`,
          message: t('filings.tooLong', { field: t(`filings.explain.${k}` as WebKey) }),
        },
      };
  const cover = Object.fromEntries(COVER.map((k) => [k, values[`cover.${k}`]!])) as {
    filer: string;
    responsible: string;
    phone: string;
    date: string;
  };
  const explanations = Object.fromEntries(
    EXPLAIN.flatMap((k) => {
      const v = values[`explanations.${k}`] ?? '';
      return v === '' ? [] : [[k, v]];
    }),
  );
  const nameLists = Object.fromEntries(
    NAMES.flatMap((k) => {
      const ids = (values[`nameLists.${k}`] ?? '').split(/[\s,，、;；]+/).filter(Boolean);
      return ids.length === 0 ? [] : [[k, ids.slice(0, 10_000)]];
    }),
  );
  return { filing: { cover, explanations, nameLists } };
}

const FORM_FIELDS = [
  ...COVER.map((k) => `cover.${k}`),
  ...EXPLAIN.map((k) => `explanations.${k}`),
  ...NAMES.map((k) => `nameLists.${k}`),
];

/**
 * 年报 (GET /filings?org=&year=): the children's filings with states, deadlines
 * and verdicts, 接收 / 退回 for the parent, and 上报 of the org's own figures
 * (POST /filings/file, POST /filings/review: post/redirect/get).
 */
export function register(app: App) {
  app.get('/filings', async (c) => {
    const scope = await officerScope(c, 'filings:read');
    if (scope instanceof Response) return scope;
    const org = scope.chosen ?? scope.granted[0]!;
    const year = yearOf(c.req.query('year'), c.var.deps.now());
    const done = c.req.query('done');
    const props = await pageProps(c, scope, org, year);
    const DONE: Record<string, WebKey> = {
      filed: 'filings.doneFiled',
      accepted: 'filings.doneAccepted',
      returned: 'filings.doneReturned',
      exempted: 'filings.doneExempted',
      late: 'filings.doneLate',
      extended: 'filings.doneExtended',
    };
    const key = done ? DONE[done] : undefined;
    const doneText = key
      ? props.view.t(key, { org: scope.tree.get(c.req.query('child') ?? '')?.name ?? '' })
      : undefined;
    return render(c, <FilingsPage {...props} {...(doneText ? { done: doneText } : {})} />);
  });

  // The statistics table as the paper form lays it out (report export's files), for the org chosen.
  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/filings.${format}`, async (c) => {
      const scope = await officerScope(c, 'filings:read');
      if (scope instanceof Response) return scope;
      const org = scope.chosen ?? scope.granted[0]!;
      const year = yearOf(c.req.query('year'), c.var.deps.now());
      const rows = await filingTableRows(c.var.deps, org, year);
      const name = scope.tree.get(org)?.name ?? org;
      const body =
        format === 'csv'
          ? filingCsv(rows)
          : await filingXlsx(rows, `${year} 年度党内统计 · ${name}`);
      return c.body(body as never, 200, {
        'Content-Type':
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="statistics-${org}-${year}.${format}"`,
        'Cache-Control': 'no-store',
      });
    });
  }

  app.post('/filings/file', async (c) => {
    const form = await formOf(c);
    const scope = await officerScope(c, 'filings:file', form.get('org') || undefined);
    if (scope instanceof Response) return scope;
    const org = scope.chosen ?? scope.granted[0]!;
    const year = yearOf(form.get('year'), c.var.deps.now());
    const values: Values = Object.fromEntries(FORM_FIELDS.map((f) => [f, form.get(f)]));
    const view = await viewOf(c);
    const input = readFiling(view, values);
    const refuse = async (refusal: Refusal) =>
      render(
        c,
        <FilingsPage {...await pageProps(c, scope, org, year, { values, refusal })} />,
        422,
      );
    if ('refusal' in input) return refuse(input.refusal);
    c.var.audit.org = org;
    c.var.audit.action = 'file';
    try {
      const f = await fileAnnual(c.var.deps, {
        org,
        year,
        officer: scope.officer.accountId,
        ...input.filing,
      });
      c.var.audit.target = f.hash;
    } catch (err) {
      if (!(err instanceof PmcError) || !['RULE_VIOLATION', 'INVALID_INPUT'].includes(err.code))
        throw err;
      return refuse(refusalOf(view, err));
    }
    return seeOther(c, `/filings?org=${encodeURIComponent(org)}&year=${year}&done=filed`);
  });

  // Signed as the child's parent, as the API (filings-review.ts): the caller needs filings:review over it.
  const parentStep = (
    step: 'review' | 'exempt' | 'extend',
    run: (
      c: Context<AppEnv>,
      form: Awaited<ReturnType<typeof formOf>>,
      base: { child: string; year: number; officer: string },
    ) => Promise<{ hash: string; done: string }>,
  ) =>
    app.post(`/filings/${step}`, async (c) => {
      const form = await formOf(c);
      const child = form.get('child');
      const tree = await c.var.cache.tree();
      const node = tree.get(child);
      const scope = await officerScope(c, 'filings:review', node?.parent ?? undefined);
      if (scope instanceof Response) return scope;
      if (!node?.parent) throw new NotFound('parent organisation of', child || '(none)', 'child');
      const parent = node.parent;
      const year = yearOf(form.get('year'), c.var.deps.now());
      c.var.audit.org = parent;
      c.var.audit.action = step;
      let done: string;
      try {
        const f = await run(c, form, { child, year, officer: scope.officer.accountId });
        c.var.audit.target = f.hash;
        done = f.done;
      } catch (err) {
        if (!(err instanceof PmcError) || !['RULE_VIOLATION', 'INVALID_INPUT'].includes(err.code))
          throw err;
        const view = await viewOf(c);
        const props = await pageProps(c, scope, parent, year, {
          refusal: refusalOf(view, err, child),
        });
        return render(c, <FilingsPage {...props} />, 422);
      }
      return seeOther(
        c,
        `/filings?org=${encodeURIComponent(parent)}&year=${year}&done=${done}&child=${encodeURIComponent(child)}`,
      );
    });

  parentStep('review', async (c, form, base) => {
    const action = form.get('action') === 'accepted' ? 'accepted' : 'returned';
    const reason = form.get('reason');
    const f = await reviewFiling(c.var.deps, { ...base, action, ...(reason ? { reason } : {}) });
    return { hash: f.hash, done: action };
  });
  parentStep('exempt', async (c, form, base) => {
    const late = form.get('late') === '1';
    const f = await exemptFiling(c.var.deps, { ...base, reason: form.get('reason'), late });
    return { hash: f.hash, done: late ? 'late' : 'exempted' };
  });
  parentStep('extend', async (c, form, base) => {
    const f = await extendFiling(c.var.deps, {
      ...base,
      until: form.get('until'),
      reason: form.get('reason'),
    });
    return { hash: f.hash, done: 'extended' };
  });
}
