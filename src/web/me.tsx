/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { decodeJws } from '../crypto/jws.ts';
import type { MemberStatus, OrgTree } from '../domain/types.ts';
import { NotAuthorised } from '../errors.ts';
import type { AppEnv, App } from '../http/env.ts';
import { currentCredential } from '../service/credential-refresh.ts';
import { memberDuesStanding, type MemberDuesStanding } from '../service/dues.ts';
import { showMember } from '../service/members.ts';
import { officerNames } from '../service/entry-lists.ts';
import { Notice } from './components.tsx';
import { render, seeOther, viewOf, type View } from './context.ts';
import { errorPage } from './error-page.tsx';
import { fmtDate, fmtMonth, fmtTime } from './format.ts';
import { Layout } from './layout.tsx';
import { Timeline, orgName } from './timeline.tsx';

type Shown = Awaited<ReturnType<typeof showMember>>;

export const statusClass = (s: MemberStatus): string =>
  s === 'normal' ? 'badge-ok' : s === 'in_transit' ? 'badge-warn' : 'badge-bad';

/** The member behind the caller (a member login), or the response to give instead. */
async function ownMember(c: Context<AppEnv>): Promise<string | Response> {
  const p = c.get('principal');
  if (!p) return errorPage(c, c.get('authError'), 401);
  if (p.kind === 'officer') return seeOther(c, '/desk');
  if (p.kind !== 'member') return errorPage(c, new NotAuthorised('members only'));
  return p.memberId;
}

async function loadCard(c: Context<AppEnv>, id: string) {
  const deps = c.var.deps;
  const credential = await currentCredential(deps, id);
  const shown = await showMember(deps, id);
  const tree = await c.var.cache.tree();
  const officers = await officerNames(
    deps,
    shown.entries.map((e) => e.officer),
  );
  const { exp, due } = decodeJws(credential, 'pmc+jwt', { kidOptional: true }).claims as {
    exp: number;
    due?: string;
  };
  const dues = await memberDuesStanding(deps, id, shown.duesThrough);
  return { shown, tree, officers, exp, due: due ?? null, dues };
}

/**
 * The credential's `due` and the member's dues standing for a page: the month
 * the signed credential states (what a verifier sees), and the unpaid run by
 * the dashboard's rule.
 * @example await cardDues(deps, id) // { due: '2026-05', dues: { level: 'ok', … } }
 */
export async function cardDues(c: Context<AppEnv>, id: string, prior: string | null) {
  const credential = await currentCredential(c.var.deps, id);
  const { due } = decodeJws(credential, 'pmc+jwt', { kidOptional: true }).claims as {
    due?: string;
  };
  return { due: due ?? null, dues: await memberDuesStanding(c.var.deps, id, prior) };
}

/** 党费情况: paid up, nothing recorded, or the unpaid run (a warning, or the 党章 art. 9 case). */
export function DuesStandingText(props: { view: View; dues: MemberDuesStanding }) {
  const { t } = props.view;
  const d = props.dues;
  if (d.level === 'none') return <span class="muted">{t('card.duesNone')}</span>;
  if (d.level === 'ok' && d.run === 0)
    return <span class="badge badge-ok">{t('card.duesOk')}</span>;
  if (d.level === 'ok') return <span>{t('card.duesWarn', { n: d.run })}</span>;
  return (
    <span class={`badge ${d.level === 'lapse' ? 'badge-bad' : 'badge-warn'}`}>
      {t(d.level === 'lapse' ? 'card.duesLapse' : 'card.duesWarn', { n: d.run })}
    </span>
  );
}

/** Name, org, status, dues: the facts an officer compares with the ID card. */
export function MemberFacts(props: {
  view: View;
  shown: Shown;
  tree: OrgTree;
  /** the credential's `due` (dues paid through), as signed */
  due: string | null;
  dues: MemberDuesStanding;
}) {
  const { view, shown, tree } = props;
  const { t } = view;
  return (
    <dl class="facts">
      <dt>{t('card.name')}</dt>
      <dd>{shown.name}</dd>
      <dt>{t('card.org')}</dt>
      <dd>{orgName(tree, shown.org)}</dd>
      <dt>{t('card.status')}</dt>
      <dd>
        <span class={`badge ${statusClass(shown.status)}`}>{t(`status.${shown.status}`)}</span>
        {shown.transfer && (
          <>
            {' '}
            {t('card.transfer', {
              to: orgName(tree, shown.transfer.to),
              deadline: fmtDate(shown.transfer.deadline),
            })}
          </>
        )}
      </dd>
      <dt>{t('card.category')}</dt>
      <dd>{t(`category.${shown.category}`)}</dd>
      <dt>{t('card.joined')}</dt>
      <dd>{shown.joinedOn}</dd>
      <dt>{t('card.dues')}</dt>
      <dd>{props.due ? fmtMonth(props.due, view.lang) : t('card.duesUnknown')}</dd>
      <dt>{t('card.duesStanding')}</dt>
      <dd>
        <DuesStandingText view={view} dues={props.dues} />
      </dd>
      <dt>{t('card.memberId')}</dt>
      <dd>
        <code>{shown.id}</code>
      </dd>
    </dl>
  );
}

function CardPage(props: Awaited<ReturnType<typeof loadCard>> & { view: View }) {
  const { view, shown, tree, officers, exp, due, dues } = props;
  const { t } = view;
  const qr = `/api/members/${shown.id}/qr.svg`;
  return (
    <Layout view={view} title={t('card.title')} kind="phone">
      <h1>{t('card.title')}</h1>
      <div class="qr-box">
        <a href="#qr-full" aria-label={t('card.tapToEnlarge')}>
          <img src={qr} alt={t('card.qrAlt')} width="360" height="360" />
        </a>
        <p class="hint">{t('card.tapToEnlarge')}</p>
        <p class="hint">{t('card.brightness')}</p>
        <p class="hint">{t('card.updated', { exp: fmtTime(exp) })}</p>
      </div>
      <div id="qr-full" class="qr-full" role="dialog" aria-label={t('card.qrAlt')}>
        <img src={qr} alt={t('card.qrAlt')} width="720" height="720" />
        <a href="#" class="weui-btn weui-btn_default">
          {t('card.closeEnlarged')}
        </a>
      </div>
      <MemberFacts view={view} shown={shown} tree={tree} due={due} dues={dues} />
      <div class="actions">
        <a class="weui-btn weui-btn_primary" href="/me">
          {t('card.refresh')}
        </a>
        <a
          class="weui-btn weui-btn_default"
          href={`/api/members/${shown.id}/bundle`}
          download={`pmcert-${shown.id}.json`}
        >
          {t('card.download')}
        </a>
        <a class="weui-btn weui-btn_default" href="/me/print">
          {t('card.print')}
        </a>
        {shown.transfer && (
          <a class="weui-btn weui-btn_default" href={`/members/${shown.id}/letter`}>
            {t('card.letter')}
          </a>
        )}
      </div>
      <h2>{t('card.timeline')}</h2>
      <Timeline view={view} tree={tree} entries={shown.entries} officers={officers} />
    </Layout>
  );
}

/** A card-sized 党员证 (85.6 × 54 mm) with the QR, on A4 (print CSS). */
export function PrintCard(props: {
  view: View;
  shown: Shown;
  tree: OrgTree;
  exp: number;
  due: string | null;
}) {
  const { view, shown, tree, exp, due } = props;
  const { t } = view;
  return (
    <div class="card">
      <img src={`/api/members/${shown.id}/qr.svg`} alt={t('card.qrAlt')} width="174" height="174" />
      <div class="card-text">
        <div class="card-title">{t('app.name')}</div>
        <div>
          {t('card.name')}：{shown.name}
        </div>
        <div>
          {t('card.org')}：{orgName(tree, shown.org)}
        </div>
        <div>
          {t('card.status')}：{t(`status.${shown.status}`)}
        </div>
        <div>
          {t('card.dues')}：{due ? fmtMonth(due, view.lang) : t('card.duesUnknown')}
        </div>
        <div>{t('card.updated', { exp: fmtDate(exp) })}</div>
        <div>{t('card.verifyHint')}</div>
      </div>
    </div>
  );
}

/** 我的党员证 (GET /me) and its print view (GET /me/print): the member's own, nobody else's. */
export function register(app: App) {
  app.get('/me', async (c) => {
    const id = await ownMember(c);
    if (id instanceof Response) return id;
    const view = await viewOf(c);
    return render(c, <CardPage view={view} {...await loadCard(c, id)} />);
  });

  app.get('/me/print', async (c) => {
    const id = await ownMember(c);
    if (id instanceof Response) return id;
    const view = await viewOf(c);
    const { shown, tree, exp, due } = await loadCard(c, id);
    const { t } = view;
    return render(
      c,
      <Layout view={view} title={t('card.printTitle')} kind="print">
        <div class="no-print">
          <Notice kind="info">{t('card.printHint')}</Notice>
        </div>
        <PrintCard view={view} shown={shown} tree={tree} exp={exp} due={due} />
        <p class="no-print actions">
          <a class="button" href="/me">
            {t('card.printBack')}
          </a>
        </p>
      </Layout>,
    );
  });
}
