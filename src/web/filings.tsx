/** @jsxImportSource hono/jsx */
import type { App } from '../http/env.ts';
import { pullFilings, type FilingRowView } from '../service/filing-verdict.ts';
import { render, viewOf, type View } from './context.ts';
import { Layout } from './layout.tsx';
import { officerScope } from './scope.ts';

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

/** 年报 (GET /filings?org=&year=): the children's filings with states, deadlines and verdicts. */
export function register(app: App) {
  app.get('/filings', async (c) => {
    const scope = await officerScope(c, 'filings:read');
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const { t } = view;
    const org = scope.chosen ?? scope.granted[0]!;
    const asked = Number(c.req.query('year'));
    const year =
      Number.isInteger(asked) && asked >= 2000 && asked <= 2100
        ? asked
        : new Date(c.var.deps.now() * 1000).getUTCFullYear() - 1;
    const pull = await pullFilings(c.var.deps, org, year);
    const rows = [...pull.children, pull.own];
    const lang = view.lang;
    return render(
      c,
      <Layout view={view} title={t('filings.title')}>
        <h1>
          {t('filings.title')} · {scope.tree.get(org)?.name} · {year}
        </h1>
        <p>
          {t('filings.deadline')} {pull.deadline} · {t('filings.rate')} {pull.rate.filed}/
          {pull.rate.expected} ({pct(pull.rate.rate)}) · {t('filings.onTime')} {pull.rate.onTime}
        </p>
        <form method="get" action="/filings">
          <input type="hidden" name="org" value={org} />
          <label>
            {t('filings.year')}{' '}
            <input name="year" type="number" min="2000" max="2100" value={String(year)} />
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
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
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
              </tr>
            ))}
          </tbody>
        </table>
        <Bars
          title={t('filings.onTimeChart')}
          rows={pull.children.map((r) => ({ label: r.name, value: r.summary?.onTimeRate ?? null }))}
        />
        <Bars
          title={t('filings.returnChart')}
          rows={pull.children.map((r) => ({ label: r.name, value: r.summary?.returnRate ?? null }))}
        />
        <p class="muted">{t('filings.cli')}</p>
      </Layout>,
    );
  });
}
