/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { DUES_KIND_LABELS, type DuesRow, type RowError } from '../domain/dues-record.ts';
import { isMonth, monthOfNow, shiftMonth, type Month } from '../domain/dues.ts';
import { InvalidInput, InvalidRows, PmcError } from '../errors.ts';
import type { App, AppEnv } from '../http/env.ts';
import { DUES_ROW_TITLES, t as titleOf } from '../i18n/messages.ts';
import { duesAlertsFor } from '../service/alerts.ts';
import { mayActOn } from '../service/authorisation.ts';
import {
  duesBatchesOf,
  duesRosterOf,
  duesTemplate,
  recordDues,
  type DuesTemplateRow,
} from '../service/dues.ts';
import { duesCsv, rowErrorText, rowsFromCsvBytes } from '../service/dues-table.ts';
import { duesXlsx, rowsFromXlsx } from '../service/dues-xlsx.ts';
import { CsrfField, Notice, Select } from './components.tsx';
import { formOf, render, seeOther, viewOf, type View } from './context.ts';
import { fmtTime, secondsOf } from './format.ts';
import { Layout } from './layout.tsx';
import { officerScope, orgOptions, type Scope } from './scope.ts';

/** Blank back-payment rows shown at first, and at most on one page (`?extra=`). */
const EXTRA_ROWS = 3;
const MAX_EXTRA = 30;
/** Rows one form may carry (the API's limit too). */
const MAX_ROWS = 2000;
/** An uploaded table: a branch's month is a few kB; a city's is under 1 MB. */
const UPLOAD_LIMIT = 4 * 1024 * 1024;
const KINDS = Object.values(DUES_KIND_LABELS);

/** One editable row of the page's table, values as typed. */
interface RowValues {
  member: string;
  name: string;
  kind: string;
  base: string;
  standard: string;
  amount: string;
  unpaid: boolean;
}

/** One back-payment row, values as typed (member blank = an unused row). */
interface BackValues {
  member: string;
  month: string;
  kind: string;
  base: string;
  amount: string;
}

interface PageData {
  scope: Scope;
  org: string;
  month: Month;
  rows: RowValues[];
  back: BackValues[];
  skipInvalid: boolean;
  /** Row errors of the last submission (by row number), for the table and the summary. */
  errors: RowError[];
  /** Where the errors came from: the table form, or an uploaded file. */
  errorsFrom?: 'table' | 'upload';
  failed?: string;
  recorded?: { batch: string; lines: string; total: string };
  skipped: { row: number; field: string; reason: string }[];
}

const monthOf = (raw: string | undefined, now: number): Month =>
  raw && isMonth(raw) && raw <= monthOfNow(now) ? raw : monthOfNow(now);

const orgOf = (scope: Scope): string => scope.chosen ?? scope.granted[0]!;

const fromTemplate = (r: DuesTemplateRow): RowValues => ({
  member: r.member,
  name: r.name,
  kind: r.kind,
  base: r.base,
  standard: r.standard,
  amount: r.amount,
  unpaid: false,
});

const blankBack = (): BackValues => ({ member: '', month: '', kind: '', base: '', amount: '' });

const pageHref = (org: string, month: string, extra = '') =>
  `/dues?org=${encodeURIComponent(org)}&month=${month}${extra}`;

/** `?skip=3.amount.BAD_AMOUNT,5.member.NOT_MEMBER` (after a recording that skipped rows) back into rows. */
function skippedOf(raw: string | undefined): PageData['skipped'] {
  if (!raw) return [];
  return raw
    .split(',')
    .slice(0, 100)
    .map((s) => s.split('.'))
    .filter(([row, field, reason]) => /^\d+$/.test(row ?? '') && field && reason)
    .map(([row, field, reason]) => ({ row: Number(row), field: field!, reason: reason! }));
}

function ErrorList(props: {
  view: View;
  errors: readonly { row: number; field: string; reason: string; message?: string }[];
}) {
  const { view } = props;
  return (
    <ul>
      {props.errors.map((e) => (
        <li>
          {rowErrorText(
            { row: e.row, field: e.field, reason: e.reason, message: e.message ?? e.reason },
            view.lang,
          )}
        </li>
      ))}
    </ul>
  );
}

function KindSelect(props: {
  name: string;
  value: string;
  label: string;
  blank: string;
  invalid: boolean;
}) {
  return (
    <select
      name={props.name}
      aria-label={props.label}
      aria-invalid={props.invalid ? 'true' : undefined}
    >
      <option value="" selected={props.value === ''}>
        {props.blank}
      </option>
      {KINDS.map((k) => (
        <option value={k} selected={k === props.value}>
          {k}
        </option>
      ))}
    </select>
  );
}

/** The field's error text for one row, if any (the row numbers are the ones the table shows). */
const errorAt = (errors: readonly RowError[], row: number, field: string) =>
  errors.find((e) => e.row === row && e.field === field);

function Cell(props: {
  view: View;
  errors: readonly RowError[];
  row: number;
  field: string;
  children?: unknown;
}) {
  const e = errorAt(props.errors, props.row, props.field);
  return (
    <td class={e ? 'field-error' : undefined}>
      {props.children as never}
      {e && <p class="error">{titleOf(DUES_ROW_TITLES, e.reason, props.view.lang)}</p>}
    </td>
  );
}

function RecordForm(props: {
  view: View;
  data: PageData;
  roster: { id: string; name: string }[];
  backPay: number;
}) {
  const { view, data, roster } = props;
  const { t } = view;
  const errors = data.errorsFrom === 'table' ? data.errors : [];
  const n = data.rows.length;
  const backMonths = Array.from({ length: props.backPay }, (_, i) =>
    shiftMonth(data.month, -(i + 1)),
  );
  const more = Math.min(MAX_EXTRA, data.back.length + 5);
  return (
    <form method="post" action="/dues/record" class="stack">
      <CsrfField view={view} />
      <input type="hidden" name="org" value={data.org} />
      <input type="hidden" name="month" value={data.month} />
      <input type="hidden" name="rows" value={String(n)} />
      <input type="hidden" name="backRows" value={String(data.back.length)} />
      {n === 0 ? (
        <Notice kind="info">{t('dues.allPaid', { month: data.month })}</Notice>
      ) : (
        <div class="scroll">
          <table class="dense dues">
            <caption class="muted">{t('dues.tableHint')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dues.row')}</th>
                <th scope="col">{t('dues.name')}</th>
                <th scope="col">{t('dues.kind')}</th>
                <th scope="col">{t('dues.base')}</th>
                <th scope="col">{t('dues.standard')}</th>
                <th scope="col">{t('dues.amount')}</th>
                <th scope="col">{t('dues.unpaid')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r, i) => {
                const row = i + 1;
                const bad = (f: string) => errorAt(errors, row, f) !== undefined;
                return (
                  <tr id={`row-${row}`}>
                    <td class="num">{row}</td>
                    <Cell view={view} errors={errors} row={row} field="member">
                      <input type="hidden" name={`m${i}`} value={r.member} />
                      <input type="hidden" name={`n${i}`} value={r.name} />
                      <input type="hidden" name={`s${i}`} value={r.standard} />
                      <a href={`/members/${r.member}`}>{r.name}</a>
                    </Cell>
                    <Cell view={view} errors={errors} row={row} field="kind">
                      <KindSelect
                        name={`k${i}`}
                        value={r.kind}
                        label={t('dues.kindOf', { name: r.name })}
                        blank={t('dues.kindChoose')}
                        invalid={bad('kind')}
                      />
                    </Cell>
                    <Cell view={view} errors={errors} row={row} field="base">
                      <input
                        name={`b${i}`}
                        value={r.base}
                        inputmode="decimal"
                        size={10}
                        aria-label={t('dues.baseOf', { name: r.name })}
                        aria-invalid={bad('base') ? 'true' : undefined}
                      />
                    </Cell>
                    <td class="num">{r.standard}</td>
                    <Cell view={view} errors={errors} row={row} field="amount">
                      <input
                        name={`a${i}`}
                        value={r.amount}
                        inputmode="decimal"
                        size={8}
                        aria-label={t('dues.amountOf', { name: r.name })}
                        aria-invalid={bad('amount') ? 'true' : undefined}
                      />
                    </Cell>
                    <td>
                      <input
                        type="checkbox"
                        name={`u${i}`}
                        value="1"
                        checked={r.unpaid}
                        aria-label={t('dues.unpaidOf', { name: r.name })}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.backPay > 0 && roster.length > 0 && (
        <fieldset>
          <legend>{t('dues.backPay', { n: props.backPay })}</legend>
          <p class="hint">{t('dues.backPayHint')}</p>
          <div class="scroll">
            <table class="dense dues">
              <thead>
                <tr>
                  <th scope="col">{t('dues.row')}</th>
                  <th scope="col">{t('dues.member')}</th>
                  <th scope="col">{t('dues.month')}</th>
                  <th scope="col">{t('dues.kind')}</th>
                  <th scope="col">{t('dues.base')}</th>
                  <th scope="col">{t('dues.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {data.back.map((b, j) => {
                  const row = n + j + 1;
                  const label = (key: Parameters<typeof t>[0]) => t(key, { n: j + 1 });
                  const bad = (f: string) => (errorAt(errors, row, f) ? 'true' : undefined);
                  return (
                    <tr id={`row-${row}`}>
                      <td class="num">{row}</td>
                      <Cell view={view} errors={errors} row={row} field="member">
                        <select
                          name={`bm${j}`}
                          aria-label={label('dues.backPayMember')}
                          aria-invalid={bad('member')}
                        >
                          <option value="" selected={b.member === ''}>
                            —
                          </option>
                          {roster.map((p) => (
                            <option value={p.id} selected={p.id === b.member}>
                              {p.name}
                            </option>
                          ))}
                        </select>
                      </Cell>
                      <Cell view={view} errors={errors} row={row} field="month">
                        <select
                          name={`bmo${j}`}
                          aria-label={label('dues.backPayMonth')}
                          aria-invalid={bad('month')}
                        >
                          {backMonths.map((m) => (
                            <option value={m} selected={m === b.month}>
                              {m}
                            </option>
                          ))}
                        </select>
                      </Cell>
                      <Cell view={view} errors={errors} row={row} field="kind">
                        <KindSelect
                          name={`bk${j}`}
                          value={b.kind}
                          label={label('dues.backPayKind')}
                          blank={t('dues.kindSame')}
                          invalid={bad('kind') !== undefined}
                        />
                      </Cell>
                      <Cell view={view} errors={errors} row={row} field="base">
                        <input
                          name={`bb${j}`}
                          value={b.base}
                          inputmode="decimal"
                          size={10}
                          aria-label={label('dues.backPayBase')}
                          aria-invalid={bad('base')}
                        />
                      </Cell>
                      <Cell view={view} errors={errors} row={row} field="amount">
                        <input
                          name={`ba${j}`}
                          value={b.amount}
                          inputmode="decimal"
                          size={8}
                          aria-label={label('dues.backPayAmount')}
                          aria-invalid={bad('amount')}
                        />
                      </Cell>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {more > data.back.length && (
            <p>
              <a href={pageHref(data.org, data.month, `&extra=${more}`)}>{t('dues.moreRows')}</a>
            </p>
          )}
        </fieldset>
      )}
      <p>
        <label>
          <input type="checkbox" name="skipInvalid" value="1" checked={data.skipInvalid} />{' '}
          {t('dues.skipInvalid')}
        </label>
      </p>
      <p class="actions">
        <button type="submit" class="primary">
          {t('dues.record')}
        </button>
      </p>
    </form>
  );
}

async function DuesPage(props: { c: Context<AppEnv>; view: View; data: PageData }) {
  const { c, data } = props;
  // A refused post re-renders the page: its links (the language switch) point at the page, not the post.
  const view: View = {
    ...props.view,
    path: '/dues',
    query: new URLSearchParams({ org: data.org, month: data.month }),
  };
  const { t } = view;
  const deps = c.var.deps;
  const { scope, org, month } = data;
  const [roster, batches, arrears] = await Promise.all([
    duesRosterOf(deps, org),
    duesBatchesOf(deps, org),
    duesAlertsFor(deps, [org]),
  ]);
  const canRecord = mayActOn(scope.tree, scope.officer, 'dues:record', [org]);
  const name = scope.tree.get(org)?.name ?? org;
  const cutoff = shiftMonth(monthOfNow(deps.now()), -1);
  const q = `org=${encodeURIComponent(org)}&month=${month}`;
  return (
    <Layout view={view} title={`${t('dues.title')} · ${name}`}>
      <h1>
        {t('dues.title')} · {name}
      </h1>
      <form method="get" action="/dues" class="filters">
        <Select
          name="org"
          label={t('dues.org')}
          value={org}
          options={orgOptions(scope.tree, scope.granted)}
        />
        <div class="field">
          <label for="f-month">{t('dues.month')}</label>
          <input
            id="f-month"
            name="month"
            type="month"
            value={month}
            max={monthOfNow(deps.now())}
          />
        </div>
        <button type="submit">{t('dues.show')}</button>
      </form>
      {data.recorded && (
        <Notice kind="ok">
          {t('dues.recorded', {
            batch: data.recorded.batch,
            lines: data.recorded.lines,
            total: data.recorded.total,
          })}
        </Notice>
      )}
      {data.skipped.length > 0 && (
        <Notice kind="info">
          {t('dues.skipped', { n: data.skipped.length })}
          <ErrorList view={view} errors={data.skipped} />
        </Notice>
      )}
      {data.failed && <Notice kind="error">{data.failed}</Notice>}
      {data.errors.length > 0 && (
        <Notice kind="error">
          {t('dues.refused', { n: new Set(data.errors.map((e) => e.row)).size })}
          <ErrorList view={view} errors={data.errors} />
        </Notice>
      )}
      <h2>{t('dues.table', { month })}</h2>
      <p>
        {t('dues.download')} <a href={`/dues.csv?${q}`}>CSV</a> ·{' '}
        <a href={`/dues.xlsx?${q}`}>XLSX</a>
      </p>
      {canRecord ? (
        <RecordForm
          view={view}
          data={data}
          roster={roster}
          backPay={deps.rules.duesBackPayMonths}
        />
      ) : (
        <Notice kind="info">{t('dues.noScope')}</Notice>
      )}
      {canRecord && (
        <section aria-labelledby="upload-h">
          <h2 id="upload-h">{t('dues.upload')}</h2>
          <p class="hint">{t('dues.uploadHint')}</p>
          <form method="post" action="/dues/upload" enctype="multipart/form-data" class="stack">
            <CsrfField view={view} />
            <input type="hidden" name="org" value={org} />
            <input type="hidden" name="month" value={month} />
            <div class="field">
              <label for="f-file">{t('dues.file')}</label>
              <input
                id="f-file"
                name="file"
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              />
            </div>
            <p>
              <label>
                <input type="checkbox" name="skipInvalid" value="1" /> {t('dues.skipInvalid')}
              </label>
            </p>
            <p class="actions">
              <button type="submit">{t('dues.uploadSubmit')}</button>
            </p>
          </form>
        </section>
      )}
      <h2>{t('dues.arrears')}</h2>
      <p class="hint">
        {t('dues.arrearsHint', {
          warn: deps.rules.duesWarnMonths,
          lapse: deps.rules.duesLapseMonths,
          cutoff,
        })}
      </p>
      {arrears.length === 0 ? (
        <p class="muted">{t('dues.arrearsNone')}</p>
      ) : (
        <div class="scroll">
          <table class="dense">
            <thead>
              <tr>
                <th scope="col">{t('dues.name')}</th>
                <th scope="col">{t('dues.level')}</th>
                <th scope="col">{t('dues.run')}</th>
                <th scope="col">{t('dues.through')}</th>
              </tr>
            </thead>
            <tbody>
              {[...arrears]
                .sort((a, b) => Number(b.detail.unpaidMonths) - Number(a.detail.unpaidMonths))
                .map((a) => (
                  <tr>
                    <td>
                      <a href={`/members/${a.member!.id}`}>{a.member!.name}</a>
                    </td>
                    <td>
                      <span class={`badge ${a.type === 'dues_lapse' ? 'badge-bad' : 'badge-warn'}`}>
                        {a.type === 'dues_lapse' ? t('dues.levelLapse') : t('dues.levelWarn')}
                      </span>
                    </td>
                    <td class="num">{t('dues.months', { n: Number(a.detail.unpaidMonths) })}</td>
                    <td>{String(a.detail.due ?? t('card.duesUnknown'))}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('dues.batches')}</h2>
      {batches.length === 0 ? (
        <p class="muted">{t('dues.batchesNone')}</p>
      ) : (
        <div class="scroll">
          <table class="dense">
            <thead>
              <tr>
                <th scope="col">{t('dues.batch')}</th>
                <th scope="col">{t('dues.month')}</th>
                <th scope="col">{t('dues.lines')}</th>
                <th scope="col">{t('dues.total')}</th>
                <th scope="col">{t('dues.by')}</th>
                <th scope="col">{t('dues.at')}</th>
                <th scope="col">{t('dues.leaf')}</th>
                <th scope="col">{t('dues.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr>
                  <td>
                    <code>{b.id}</code>
                  </td>
                  <td>{b.month}</td>
                  <td class="num">{b.lineCount}</td>
                  <td class="num">{b.total}</td>
                  <td>{b.actorName}</td>
                  <td>{fmtTime(secondsOf(b.issuedAt))}</td>
                  <td class="num">{b.leafIndex ?? '—'}</td>
                  <td>
                    <code title={b.hash}>{b.hash.slice(0, 12)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

/** The page's table form as rows for the service, numbered as the page shows them. */
function rowsOfForm(form: Awaited<ReturnType<typeof formOf>>): {
  rows: RowValues[];
  back: BackValues[];
  submit: DuesRow[];
} {
  const count = (name: string, max: number) => {
    const v = Number(form.get(name));
    return Number.isInteger(v) && v >= 0 ? Math.min(v, max) : 0;
  };
  const n = count('rows', MAX_ROWS);
  const rows: RowValues[] = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      member: form.get(`m${i}`),
      name: form.get(`n${i}`),
      standard: form.get(`s${i}`),
      kind: form.get(`k${i}`),
      base: form.get(`b${i}`),
      amount: form.get(`a${i}`),
      unpaid: form.get(`u${i}`) === '1',
    });
  }
  const back: BackValues[] = [];
  for (let j = 0; j < count('backRows', MAX_EXTRA); j++) {
    back.push({
      member: form.get(`bm${j}`),
      month: form.get(`bmo${j}`),
      kind: form.get(`bk${j}`),
      base: form.get(`bb${j}`),
      amount: form.get(`ba${j}`),
    });
  }
  const byMember = new Map(rows.map((r) => [r.member, r]));
  const submit: DuesRow[] = rows.map((r, i) => ({
    row: i + 1,
    member: r.member,
    kind: r.kind,
    base: r.base,
    amount: r.unpaid ? '' : r.amount,
  }));
  back.forEach((b, j) => {
    if (b.member === '') return;
    const same = byMember.get(b.member);
    submit.push({
      row: n + j + 1,
      member: b.member,
      month: b.month,
      kind: b.kind || (same?.kind ?? ''),
      base: b.base || (same?.base ?? ''),
      amount: b.amount,
    });
  });
  return { rows, back, submit };
}

/** Records rows; on success post/redirect/get to the page saying what was recorded. */
async function record(
  c: Context<AppEnv>,
  scope: Scope,
  org: string,
  month: Month,
  rows: DuesRow[],
  skipInvalid: boolean,
): Promise<Response | { errors: RowError[] } | { failed: PmcError }> {
  try {
    const r = await recordDues(
      c.var.deps,
      { org, month, rows, skipInvalid },
      { org, officer: scope.officer.accountId },
    );
    c.var.audit.target = r.batch ?? `${org}/${month}`;
    const q = new URLSearchParams({ org, month });
    if (r.batch) {
      q.set('recorded', r.batch);
      q.set('lines', String(r.lines));
      q.set('total', (r.totalFen / 100).toFixed(2));
    }
    if (r.skipped.length > 0)
      q.set('skip', r.skipped.map((e) => `${e.row}.${e.field}.${e.reason}`).join(','));
    return seeOther(c, `/dues?${q}`);
  } catch (err) {
    if (err instanceof InvalidRows) return { errors: [...err.rows] as RowError[] };
    if (err instanceof InvalidInput) return { failed: err };
    throw err;
  }
}

async function scopeFor(c: Context<AppEnv>, org: string) {
  return officerScope(c, 'dues:record', org || undefined);
}

/** 党费 (GET /dues?org=&month=): the branch-month table, upload, arrears and the recorded batches. */
export function register(app: App) {
  app.get('/dues', async (c) => {
    const scope = await officerScope(c, 'dues:read');
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const org = orgOf(scope);
    const month = monthOf(c.req.query('month'), c.var.deps.now());
    const extra = Math.min(MAX_EXTRA, Math.max(EXTRA_ROWS, Number(c.req.query('extra')) || 0));
    const template = await duesTemplate(c.var.deps, org, month);
    const recorded = c.req.query('recorded');
    const data: PageData = {
      scope,
      org,
      month,
      rows: template.map(fromTemplate),
      back: Array.from({ length: extra }, blankBack),
      skipInvalid: false,
      errors: [],
      skipped: skippedOf(c.req.query('skip')),
      ...(recorded
        ? {
            recorded: {
              batch: recorded.slice(0, 80),
              lines: String(Number(c.req.query('lines')) || 0),
              total: (Number(c.req.query('total')) || 0).toFixed(2),
            },
          }
        : {}),
    };
    return render(c, <DuesPage c={c} view={view} data={data} />);
  });

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(`/dues.${format}`, async (c) => {
      const scope = await officerScope(c, 'dues:read');
      if (scope instanceof Response) return scope;
      const org = orgOf(scope);
      const month = monthOf(c.req.query('month'), c.var.deps.now());
      const rows = await duesTemplate(c.var.deps, org, month);
      const body = format === 'csv' ? duesCsv(rows) : await duesXlsx(rows);
      return c.body(body as never, 200, {
        'Content-Type':
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': `attachment; filename="dues-${org}-${month}.${format}"`,
        'Cache-Control': 'no-store',
      });
    });
  }

  app.post('/dues/record', async (c) => {
    const form = await formOf(c);
    const scope = await scopeFor(c, form.get('org'));
    if (scope instanceof Response) return scope;
    const org = orgOf(scope);
    const month = monthOf(form.get('month'), c.var.deps.now());
    const { rows, back, submit } = rowsOfForm(form);
    const skipInvalid = form.get('skipInvalid') === '1';
    const view = await viewOf(c);
    const base = { scope, org, month, rows, back, skipInvalid, skipped: [] };
    if (submit.length === 0) {
      const data: PageData = { ...base, errors: [], failed: view.t('dues.nothing') };
      return render(c, <DuesPage c={c} view={view} data={data} />, 422);
    }
    const done = await record(c, scope, org, month, submit, skipInvalid);
    if (done instanceof Response) return done;
    const data: PageData =
      'errors' in done
        ? { ...base, errors: done.errors, errorsFrom: 'table' }
        : { ...base, errors: [], failed: view.t('error.invalid', { detail: done.failed.message }) };
    return render(c, <DuesPage c={c} view={view} data={data} />, 422);
  });

  // The upload's size is checked here: the CSRF check (authenticate) has parsed the form already,
  // so a bodyLimit middleware on this route would come too late to stop the read.
  app.post('/dues/upload', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const text = (k: string) => {
      const v = body[k];
      return typeof v === 'string' ? v.trim() : '';
    };
    const scope = await scopeFor(c, text('org'));
    if (scope instanceof Response) return scope;
    const org = orgOf(scope);
    const month = monthOf(text('month'), c.var.deps.now());
    const view = await viewOf(c);
    const template = await duesTemplate(c.var.deps, org, month);
    const base = {
      scope,
      org,
      month,
      rows: template.map(fromTemplate),
      back: Array.from({ length: EXTRA_ROWS }, blankBack),
      skipInvalid: false,
      skipped: [],
    };
    const file = body.file;
    const length = Number(c.req.header('Content-Length') ?? 0);
    if (length > UPLOAD_LIMIT || (file instanceof File && file.size > UPLOAD_LIMIT)) {
      const failed = view.t('dues.badFile', {
        detail: view.t('dues.tooLarge', { mb: UPLOAD_LIMIT >> 20 }),
      });
      return render(c, <DuesPage c={c} view={view} data={{ ...base, errors: [], failed }} />, 413);
    }
    if (!(file instanceof File) || file.size === 0) {
      const data: PageData = { ...base, errors: [], failed: view.t('dues.noFile') };
      return render(c, <DuesPage c={c} view={view} data={data} />, 422);
    }
    let rows: DuesRow[];
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const zip = bytes[0] === 0x50 && bytes[1] === 0x4b; // "PK": XLSX is a ZIP
      rows = zip ? await rowsFromXlsx(bytes) : rowsFromCsvBytes(bytes);
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      const data: PageData = {
        ...base,
        errors: [],
        failed: view.t('dues.badFile', { detail: err.message }),
      };
      return render(c, <DuesPage c={c} view={view} data={data} />, 422);
    }
    const done = await record(c, scope, org, month, rows, text('skipInvalid') === '1');
    if (done instanceof Response) return done;
    const data: PageData =
      'errors' in done
        ? { ...base, errors: done.errors, errorsFrom: 'upload' }
        : {
            ...base,
            errors: [],
            failed: view.t('dues.badFile', { detail: done.failed.message }),
          };
    return render(c, <DuesPage c={c} view={view} data={data} />, 422);
  });
}
