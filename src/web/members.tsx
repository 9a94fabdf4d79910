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
import { grantingOrgs } from '../service/authorisation.ts';

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

function memberTable(view: View, scope: Scope, rows: Rows): TableModel {
  const { t } = view;
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
      { text: t(`status.${r.status}`) },
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
    const canEnrol = grantingOrgs(scope.officer, 'member:enroll').length > 0;
    return render(
      c,
      <Layout view={view} title={t('members.title')}>
        <h1>{t('members.title')}</h1>
        {canEnrol && (
          <p>
            <a class="button primary" href="/members/new">
              {t('members.enrol')}
            </a>
          </p>
        )}
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
