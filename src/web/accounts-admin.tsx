/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { NotAuthorised, PmcError } from '../errors.ts';
import type { App, AppEnv } from '../http/env.ts';
import { titlesOf } from '../i18n/messages.ts';
import {
  addRole,
  disableAccount,
  enableAccount,
  listManagedAccounts,
  managedAccount,
  removeRole,
  resetPassword,
  type ManagedAccount,
} from '../service/account-admin.ts';
import { mayActOn, ROLES, type Role } from '../service/authorisation.ts';
import { CsrfField, Notice } from './components.tsx';
import { formOf, seeOther, viewOf, type View } from './context.ts';
import { officerScope, orgOptions, type Officer, type Scope } from './scope.ts';
import { DenseTable } from './table.tsx';
import { orgName } from './timeline.tsx';

const DONE = ['disabled', 'enabled', 'roleAdded', 'roleRemoved'] as const;
type Done = (typeof DONE)[number];

/** 账号列表: the logins in the secretary's subtree, each with its state and, when theirs to change, its actions. */
export async function AccountList(props: {
  c: Context<AppEnv>;
  view: View;
  scope: Scope;
  reset: { username: string; password: string } | undefined;
}) {
  const { c, view, scope, reset } = props;
  const { t } = view;
  const rows = await listManagedAccounts(c.var.deps, scope.tree, scope.officer);
  const options = orgOptions(scope.tree, scope.granted);
  const done = view.query.get('m');
  const error = view.query.get('e');
  const state = (r: (typeof rows)[number]) =>
    r.account.disabledAt
      ? t('accounts.stateDisabled')
      : r.account.mustChangePassword
        ? t('accounts.stateMustChange')
        : t('accounts.stateActive');
  return (
    <section aria-labelledby="h-list">
      <h2 id="h-list">{t('accounts.list')}</h2>
      {done && (DONE as readonly string[]).includes(done) && (
        <Notice kind="ok">{t(`accounts.done.${done as Done}`)}</Notice>
      )}
      {error && <Notice kind="error">{t('error.invalid', { detail: error })}</Notice>}
      {reset && (
        <Notice kind="ok">
          {t('accounts.resetDone', { username: reset.username })} <code>{reset.password}</code>
        </Notice>
      )}
      <DenseTable
        caption={t('accounts.list')}
        empty={t('common.none')}
        model={{
          headers: [
            t('accounts.username'),
            t('accounts.displayName'),
            t('accounts.roles'),
            t('accounts.state'),
          ],
          rows: rows.map((r) => [
            { text: r.account.username },
            { text: r.account.displayName },
            {
              text:
                r.account.kind === 'member'
                  ? `${t('accounts.memberLogin')} · ${orgName(scope.tree, r.memberOrg ?? '')}`
                  : r.roles
                      .map((x) => `${orgName(scope.tree, x.orgId)} ${t(`role.${x.role}`)}`)
                      .join('、'),
            },
            { text: state(r) },
          ]),
        }}
      />
      {rows
        .filter((r) => r.manageable && r.account.id !== scope.officer.accountId)
        .map((r) => (
          <details class="account-actions">
            <summary>
              {t('accounts.actions')}：{r.account.username}（{r.account.displayName}）
            </summary>
            <div class="actions">
              <form
                method="post"
                action={`/accounts/${r.account.id}/${r.account.disabledAt ? 'enable' : 'disable'}`}
                class="inline"
              >
                <CsrfField view={view} />
                <button type="submit">
                  {r.account.disabledAt ? t('accounts.enable') : t('accounts.disable')}
                </button>
              </form>{' '}
              <form method="post" action={`/accounts/${r.account.id}/reset`} class="inline">
                <CsrfField view={view} />
                <button type="submit">{t('accounts.reset')}</button>
              </form>
            </div>
            {r.account.kind === 'officer' && (
              <>
                <form method="post" action={`/accounts/${r.account.id}/roles`} class="filters">
                  <CsrfField view={view} />
                  <label>
                    {t('accounts.org')}{' '}
                    <select name="org">
                      {options.map(([v, l]) => (
                        <option value={v}>{l}</option>
                      ))}
                    </select>
                  </label>{' '}
                  <label>
                    {t('accounts.role')}{' '}
                    <select name="role">
                      {ROLES.map((role) => (
                        <option value={role}>{t(`role.${role}`)}</option>
                      ))}
                    </select>
                  </label>{' '}
                  <button type="submit">{t('accounts.addRole')}</button>
                </form>
                {r.roles.length > 1 &&
                  r.roles.map((x) => (
                    <form
                      method="post"
                      action={`/accounts/${r.account.id}/roles/remove`}
                      class="inline"
                    >
                      <CsrfField view={view} />
                      <input type="hidden" name="org" value={x.orgId} />
                      <button type="submit">
                        {t('accounts.removeRole')}：{orgName(scope.tree, x.orgId)}{' '}
                        {t(`role.${x.role}`)}
                      </button>{' '}
                    </form>
                  ))}
              </>
            )}
          </details>
        ))}
    </section>
  );
}

type Page = (
  c: Context<AppEnv>,
  state: { reset?: { username: string; password: string } },
  status?: 200 | 201 | 422,
) => Promise<Response>;

/**
 * The account actions as form posts (post/redirect/get, except a reset, whose
 * password is shown once in its own response): the same service calls and
 * the same rule as the API — accounts:manage over every org the login belongs to.
 */
export function registerAccountAdmin(app: App, page: Page) {
  const act = (
    path: string,
    run: (
      c: Context<AppEnv>,
      target: ManagedAccount,
      officer: Officer,
      form: { get(name: string): string },
    ) => Promise<Done | Response>,
  ) =>
    app.post(`/accounts/:id/${path}`, async (c) => {
      const form = await formOf(c);
      const scope = await officerScope(c, 'accounts:manage', undefined);
      if (scope instanceof Response) return scope;
      const id = c.req.param('id').slice(0, 32);
      c.var.audit.target = id;
      const target = await managedAccount(c.var.deps, scope.tree, scope.officer, id);
      c.var.audit.org = target.orgs[0]!;
      if (target.orgs[1]) c.var.audit.alsoOrgs = target.orgs.slice(1, 4);
      try {
        const done = await run(c, target, scope.officer, form);
        return done instanceof Response ? done : seeOther(c, `/accounts?m=${done}`);
      } catch (err) {
        if (!(err instanceof PmcError) || err.code !== 'INVALID_INPUT') throw err;
        const { lang } = await viewOf(c);
        return seeOther(c, `/accounts?e=${encodeURIComponent(titlesOf(err)[lang])}`);
      }
    });

  act('disable', async (c, target, officer) => {
    c.var.audit.detail = await disableAccount(c.var.deps, target, officer.accountId);
    return 'disabled';
  });
  act('enable', async (c, target) => {
    c.var.audit.detail = await enableAccount(c.var.deps, target);
    return 'enabled';
  });
  act('reset', async (c, target, officer) => {
    const password = await resetPassword(c.var.deps, target, officer.accountId);
    return page(c, { reset: { username: target.row.username, password } }, 200);
  });
  act('roles', async (c, target, officer, form) => {
    const org = form.get('org');
    const role = ROLES.find((r) => r === form.get('role')) ?? ('viewer' as Role);
    const tree = await c.var.cache.tree();
    if (!mayActOn(tree, officer, 'accounts:manage', [org]))
      throw new NotAuthorised(`accounts:manage over ${org}`, 'org');
    const { before } = await addRole(c.var.deps, tree, target, org, role);
    c.var.audit.alsoOrgs = [...new Set([...(c.var.audit.alsoOrgs ?? []), org])];
    c.var.audit.detail = { org, role, before };
    return 'roleAdded';
  });
  act('roles/remove', async (c, target, officer, form) => {
    const org = form.get('org');
    c.var.audit.detail = {
      org,
      role: await removeRole(c.var.deps, target, org, officer.accountId),
    };
    return 'roleRemoved';
  });
}
