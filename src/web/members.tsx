/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { MEMBER_STATUSES, PERSONNEL, type MemberStatus, type Personnel } from '../domain/types.ts';
import type { App, AppEnv } from '../http/env.ts';
import { listMembers, type MemberFilter } from '../service/member-lists.ts';
import { Pager, Select, pageOf } from './components.tsx';
import { render, viewOf, type View } from './context.ts';
import { fmtDate } from './format.ts';
import { Layout } from './layout.tsx';
import { statusClass } from './me.tsx';
import { officerScope, orgOptions, type Scope } from './scope.ts';
import { csvResponse, DenseTable, type TableModel } from './table.tsx';
import { orgName } from './timeline.tsx';
import { grantingOrgs, mayActOn } from '../service/authorisation.ts';
import { maskNationalId } from '../domain/national-id.ts';
import { PmcError } from '../errors.ts';
import { memberFor } from '../http/member-access.ts';
import { findByNationalId } from '../service/national-id-search.ts';
import { CsrfField, Notice } from './components.tsx';
import { formOf, seeOther } from './context.ts';

export const MEMBER_PAGE_SIZE = 50;

function filterOf(c: Context<AppEnv>, scope: Scope): MemberFilter {
  const status = c.req.query('status');
  const personnel = c.req.query('personnel');
  const cadre = c.req.query('cadre');
  return {
    orgIds: scope.orgIds,
    q: (c.req.query('q') ?? '').trim().slice(0, 100) || undefined,
    status: MEMBER_STATUSES.includes(status as MemberStatus) ? (status as MemberStatus) : undefined,
    personnel: PERSONNEL.includes(personnel as Personnel) ? (personnel as Personnel) : undefined,
    cadre: cadre === 'yes' ? true : cadre === 'no' ? false : undefined,
  };
}

type Rows = Awaited<ReturnType<typeof listMembers>>['rows'];

/** 转入在途: on its way to an org of this list's scope from outside it (the origin still holds the member). */
const incoming = (inScope: ReadonlySet<string>, to: string, from: string): boolean =>
  inScope.has(to) && !inScope.has(from);

function memberTable(view: View, scope: Scope, rows: Rows): TableModel {
  const { t } = view;
  const inScope = new Set(scope.orgIds);
  return {
    headers: [
      t('members.name'),
      t('members.id'),
      t('members.org'),
      t('members.status'),
      t('members.category'),
      t('members.personnel'),
      t('members.cadre'),
      t('card.joined'),
      t('card.dues'),
    ],
    rows: rows.map((r) => [
      { text: r.name, href: `/members/${r.id}` },
      { text: r.id },
      { text: orgName(scope.tree, r.org) },
      {
        text:
          r.transitTo !== null && incoming(inScope, r.transitTo, r.org)
            ? t('members.incoming')
            : t(`status.${r.status}`),
      },
      { text: t(`category.${r.category}`) },
      { text: t(`personnel.${r.personnel}`) },
      { text: r.cadre ? t('common.yes') : t('common.no') },
      { text: r.joinedOn },
      { text: r.duesThrough ?? '' },
    ]),
  };
}

/** 党员: search with filters (status, personnel type, cadre) over the caller's subtree; CSV of all matches. */
export function register(app: App) {
  app.get('/members', async (c) => {
    const scope = await officerScope(c, 'member:search');
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const { t } = view;
    const filter = filterOf(c, scope);
    const page = pageOf(c.req.query('page'));
    const { rows, total } = await listMembers(c.var.deps, filter, {
      limit: MEMBER_PAGE_SIZE,
      offset: (page - 1) * MEMBER_PAGE_SIZE,
    });
    const csv = new URLSearchParams(view.query);
    csv.delete('page');
    csv.delete('lang');
    const enrolAt = grantingOrgs(scope.officer, 'member:enroll');
    const canEnrol = enrolAt.length > 0;
    // The roster import of the org shown, or else of the officer's own org.
    const importAt =
      scope.chosen && mayActOn(scope.tree, scope.officer, 'member:enroll', [scope.chosen])
        ? scope.chosen
        : enrolAt[0];
    const canSearchId = grantingOrgs(scope.officer, 'member:national_id').length > 0;
    const nid = c.req.query('nid');
    return render(
      c,
      <Layout view={view} title={t('members.title')}>
        <h1>{t('members.title')}</h1>
        {canEnrol && (
          <p>
            <a class="button primary" href="/members/new">
              {t('members.enrol')}
            </a>{' '}
            <a class="button" href={`/orgs/${encodeURIComponent(importAt!)}/import`}>
              {t('members.import')}
            </a>
          </p>
        )}
        {canSearchId && (
          <form method="post" action="/members/national-id" class="filters" role="search">
            <CsrfField view={view} />
            <div class="field">
              <label for="f-nid">{t('members.byNationalId')}</label>
              <input
                id="f-nid"
                name="nationalId"
                maxlength={18}
                autocomplete="off"
                inputmode="text"
                aria-describedby="f-nid-hint"
              />
              <p class="hint" id="f-nid-hint">
                {t('members.byNationalIdHint')}
              </p>
            </div>
            <button type="submit">{t('common.search')}</button>
          </form>
        )}
        {nid === 'none' && <Notice kind="info">{t('members.nationalIdNone')}</Notice>}
        {nid === 'bad' && <Notice kind="error">{t('enrol.badNationalId')}</Notice>}
        <form method="get" action="/members" class="filters" role="search">
          <div class="field">
            <label for="f-q">{t('members.q')}</label>
            <input id="f-q" name="q" value={filter.q ?? ''} maxlength={100} />
          </div>
          <Select
            name="org"
            label={t('members.org')}
            value={scope.chosen ?? ''}
            options={[['', t('common.all')], ...orgOptions(scope.tree, scope.granted)]}
          />
          <Select
            name="status"
            label={t('members.status')}
            value={filter.status ?? ''}
            options={[
              ['', t('common.all')],
              ...MEMBER_STATUSES.map((s) => [s, t(`status.${s}`)] as const),
            ]}
          />
          <Select
            name="personnel"
            label={t('members.personnel')}
            value={filter.personnel ?? ''}
            options={[
              ['', t('common.all')],
              ...PERSONNEL.map((s) => [s, t(`personnel.${s}`)] as const),
            ]}
          />
          <Select
            name="cadre"
            label={t('members.cadre')}
            value={filter.cadre === undefined ? '' : filter.cadre ? 'yes' : 'no'}
            options={[
              ['', t('common.all')],
              ['yes', t('common.yes')],
              ['no', t('common.no')],
            ]}
          />
          <button type="submit">{t('common.search')}</button>
          <a href="/members">{t('common.reset')}</a>
        </form>
        <DenseTable
          model={memberTable(view, scope, rows)}
          caption={t('members.title')}
          empty={t('members.none')}
        />
        <Pager view={view} page={page} pageSize={MEMBER_PAGE_SIZE} total={total} />
        <p>
          <a href={`/members.csv?${csv}`} download>
            {t('common.exportCsv')}
          </a>
        </p>
      </Layout>,
    );
  });

  // By national ID: a POST (the ID stays out of URLs and logs), exact match on its keyed hash, audited with the ID masked.
  app.post('/members/national-id', async (c) => {
    const form = await formOf(c);
    const scope = await officerScope(c, 'member:national_id', undefined);
    if (scope instanceof Response) return scope;
    const raw = form.get('nationalId');
    Object.assign(c.var.audit, { action: 'search national_id', org: scope.granted[0] });
    let row;
    try {
      row = await findByNationalId(c.var.deps, raw);
    } catch (err) {
      if (err instanceof PmcError && err.code === 'INVALID_INPUT')
        return seeOther(c, '/members?nid=bad');
      throw err;
    }
    c.var.audit.detail = { nationalId: maskNationalId(raw), found: false };
    if (!row) return seeOther(c, '/members?nid=none');
    try {
      await memberFor(c, row.id, 'member:national_id');
    } catch (err) {
      if (!(err instanceof PmcError) || err.code !== 'NOT_AUTHORISED') throw err;
      c.var.audit.target = undefined;
      c.var.audit.org = scope.granted[0];
      return seeOther(c, '/members?nid=none');
    }
    c.var.audit.detail = { nationalId: maskNationalId(raw), found: true };
    return seeOther(c, `/members/${row.id}`);
  });

  app.get('/members.csv', async (c) => {
    const scope = await officerScope(c, 'member:search');
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    const { rows } = await listMembers(c.var.deps, filterOf(c, scope), {
      limit: 100_000,
      offset: 0,
    });
    return csvResponse(
      c,
      `pmcert-members-${fmtDate(c.var.deps.now())}.csv`,
      memberTable(view, scope, rows),
    );
  });
}
