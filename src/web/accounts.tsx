/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { NotAuthorised, NotFound, PmcError } from '../errors.ts';
import type { App, AppEnv } from '../http/env.ts';
import { createAccount } from '../service/accounts.ts';
import { mayActOn, ROLES, TOKEN_ABILITIES, type Role } from '../service/authorisation.ts';
import { createApiToken, findToken, listTokens, revokeToken } from '../service/tokens.ts';
import { CsrfField, Field, Notice, Select } from './components.tsx';
import { formOf, render, seeOther, viewOf, type View } from './context.ts';
import { fmtTime, secondsOf } from './format.ts';
import { Layout } from './layout.tsx';
import { officerScope, orgOptions, type Scope } from './scope.ts';
import { DenseTable, type TableModel } from './table.tsx';
import { orgName } from './timeline.tsx';

/** A generated first password: 16 letters and digits without look-alikes (≈ 80 bits). */
function generatedPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  return [...crypto.getRandomValues(new Uint8Array(16))]
    .map((b) => alphabet[b % alphabet.length])
    .join('')
    .replace(/(.{4})(?!$)/g, '$1-');
}

interface PageState {
  account?: { values: Record<string, string>; errors: Record<string, string> };
  created?: { username: string; password: string };
  token?: { errors: Record<string, string> };
  tokenCreated?: { name: string; token: string };
}

async function tokensTable(c: Context<AppEnv>, view: View, scope: Scope): Promise<TableModel> {
  const { t } = view;
  const now = c.var.deps.now();
  const rows = await listTokens(c.var.deps, scope.orgIds);
  return {
    headers: [
      t('accounts.tokenName'),
      t('accounts.org'),
      t('accounts.tokenAbilities'),
      t('accounts.tokenCreatedAt'),
      t('accounts.tokenLastUsed'),
      t('accounts.tokenState'),
    ],
    rows: rows.map((r) => [
      { text: r.name },
      { text: orgName(scope.tree, r.orgId) },
      {
        text: r.abilities
          .map((a) =>
            TOKEN_ABILITIES.includes(a as never)
              ? t(`ability.${a as (typeof TOKEN_ABILITIES)[number]}`)
              : a,
          )
          .join('、'),
      },
      { text: fmtTime(secondsOf(r.createdAt)) },
      { text: r.lastUsedAt ? fmtTime(secondsOf(r.lastUsedAt)) : '' },
      {
        text: r.revokedAt
          ? t('accounts.tokenRevokedState')
          : r.expiresAt && secondsOf(r.expiresAt) <= now
            ? t('accounts.tokenExpired')
            : t('accounts.tokenActive'),
      },
    ]),
  };
}

/** Active tokens, each with its revoke form (a table cell cannot hold a form in the shared model). */
async function revokeForms(c: Context<AppEnv>, view: View, scope: Scope) {
  const rows = (await listTokens(c.var.deps, scope.orgIds)).filter((r) => !r.revokedAt);
  return rows.map((r) => (
    <form method="post" action={`/accounts/tokens/${r.id}/revoke`} class="inline">
      <CsrfField view={view} />
      <button type="submit">
        {view.t('accounts.tokenRevoke')}：{r.name}
      </button>{' '}
    </form>
  ));
}

async function AccountsPage(props: {
  c: Context<AppEnv>;
  view: View;
  scope: Scope;
  state: PageState;
}) {
  const { c, view, scope, state } = props;
  const { t } = view;
  const options = orgOptions(scope.tree, scope.granted);
  const a = state.account ?? { values: {}, errors: {} };
  const tokenErrors = state.token?.errors ?? {};
  return (
    <Layout view={view} title={t('accounts.title')}>
      <h1>{t('accounts.title')}</h1>
      {view.query.get('m') === 'revoked' && <Notice kind="ok">{t('accounts.tokenRevoked')}</Notice>}
      <section aria-labelledby="h-create">
        <h2 id="h-create">{t('accounts.create')}</h2>
        {state.created && (
          <Notice kind="ok">
            {t('accounts.created', { username: state.created.username })}{' '}
            <code>{state.created.password}</code>
          </Notice>
        )}
        <form method="post" action="/accounts" class="filters">
          <CsrfField view={view} />
          <Select
            name="org"
            label={t('accounts.org')}
            value={a.values.org ?? ''}
            options={options}
            error={a.errors.org}
          />
          <Field
            name="username"
            label={t('accounts.username')}
            value={a.values.username ?? ''}
            required
            maxlength={64}
            autocomplete="off"
            hint={t('accounts.usernameHint')}
            error={a.errors.username}
          />
          <Field
            name="displayName"
            label={t('accounts.displayName')}
            value={a.values.displayName ?? ''}
            required
            maxlength={50}
            error={a.errors.displayName}
          />
          <Select
            name="role"
            label={t('accounts.role')}
            value={a.values.role ?? 'clerk'}
            options={ROLES.map((r) => [r, t(`role.${r}`)] as const)}
            error={a.errors.role}
          />
          <button type="submit" class="primary">
            {t('accounts.submit')}
          </button>
        </form>
      </section>
      <section aria-labelledby="h-tokens">
        <h2 id="h-tokens">{t('accounts.tokens')}</h2>
        {state.tokenCreated && (
          <Notice kind="ok">
            {t('accounts.tokenCreated', { name: state.tokenCreated.name })}{' '}
            <code>{state.tokenCreated.token}</code>
          </Notice>
        )}
        <DenseTable
          model={await tokensTable(c, view, scope)}
          caption={t('accounts.tokens')}
          empty={t('accounts.tokenNone')}
        />
        <div class="actions">{await revokeForms(c, view, scope)}</div>
        <form method="post" action="/accounts/tokens" class="filters">
          <CsrfField view={view} />
          <Select name="org" label={t('accounts.org')} value="" options={options} />
          <Field
            name="name"
            label={t('accounts.tokenName')}
            required
            maxlength={100}
            error={tokenErrors.name}
          />
          <fieldset class="field">
            <legend>{t('accounts.tokenAbilities')}</legend>
            {TOKEN_ABILITIES.map((ab) => (
              <label>
                <input type="checkbox" name="abilities" value={ab} /> {t(`ability.${ab}`)}{' '}
              </label>
            ))}
            {tokenErrors.abilities && <p class="error">{tokenErrors.abilities}</p>}
          </fieldset>
          <Field
            name="expiresInDays"
            label={t('accounts.tokenExpires')}
            inputmode="numeric"
            maxlength={4}
            error={tokenErrors.expiresInDays}
          />
          <button type="submit">{t('accounts.tokenCreate')}</button>
        </form>
      </section>
    </Layout>
  );
}

/**
 * 账号 (secretaries): officer logins at their orgs with a role, a generated
 * first password shown once (the first login must change it), and API tokens
 * shown once, listed and revoked — what POST /api/accounts and /api/tokens allow.
 */
export function register(app: App) {
  const page = async (c: Context<AppEnv>, state: PageState, status: 200 | 201 | 422 = 200) => {
    const scope = await officerScope(c, 'accounts:manage', undefined);
    if (scope instanceof Response) return scope;
    const view = await viewOf(c);
    return render(c, <AccountsPage c={c} view={view} scope={scope} state={state} />, status);
  };

  app.get('/accounts', async (c) => page(c, {}));

  app.post('/accounts', async (c) => {
    const form = await formOf(c);
    const scope = await officerScope(c, 'accounts:manage', undefined);
    if (scope instanceof Response) return scope;
    const { t } = await viewOf(c);
    const values = {
      org: form.get('org'),
      username: form.get('username'),
      displayName: form.get('displayName'),
      role: form.get('role'),
    };
    if (!mayActOn(scope.tree, scope.officer, 'accounts:manage', [values.org]))
      throw new NotAuthorised(`accounts:manage over ${values.org}`, 'org');
    c.var.audit.org = values.org;
    const role = ROLES.find((r) => r === values.role) ?? ('viewer' as Role);
    const password = generatedPassword();
    try {
      const account = await createAccount(
        c.var.deps,
        {
          kind: 'officer',
          username: values.username,
          displayName: values.displayName,
          password,
          roles: [{ org: values.org, role }],
        },
        scope.officer.accountId,
        { mustChangePassword: true },
      );
      c.var.audit.target = account.id;
      // Shown once, in this response only: the password is not kept anywhere a reload could fetch it.
      return page(c, { created: { username: account.username, password } }, 201);
    } catch (err) {
      if (!(err instanceof PmcError) || err.code !== 'INVALID_INPUT') throw err;
      const field = err.field === 'displayName' ? 'displayName' : 'username';
      const key = /taken/.test(err.message)
        ? 'accounts.taken'
        : field === 'username'
          ? 'accounts.badUsername'
          : 'enrol.required';
      return page(c, { account: { values, errors: { [field]: t(key) } } }, 422);
    }
  });

  app.post('/accounts/tokens', async (c) => {
    const form = await formOf(c);
    const scope = await officerScope(c, 'tokens:manage', undefined);
    if (scope instanceof Response) return scope;
    const { t } = await viewOf(c);
    const org = form.get('org');
    if (!mayActOn(scope.tree, scope.officer, 'tokens:manage', [org]))
      throw new NotAuthorised(`tokens:manage over ${org}`, 'org');
    c.var.audit.org = org;
    const abilities = form
      .all('abilities')
      .filter((a) => TOKEN_ABILITIES.includes(a as never)) as (typeof TOKEN_ABILITIES)[number][];
    const name = form.get('name');
    const days = form.get('expiresInDays');
    const errors: Record<string, string> = {};
    if (!name) errors.name = t('enrol.required');
    if (abilities.length === 0) errors.abilities = t('accounts.needAbility');
    if (days && !/^[1-9]\d{0,3}$/.test(days))
      errors.expiresInDays = t('error.invalid', { detail: days });
    if (Object.keys(errors).length) return page(c, { token: { errors } }, 422);
    const { row, token } = await createApiToken(
      c.var.deps,
      { org, name, abilities, ...(days ? { expiresInDays: Math.min(3650, Number(days)) } : {}) },
      scope.officer.accountId,
    );
    c.var.audit.target = row.id;
    return page(c, { tokenCreated: { name: row.name, token } }, 201);
  });

  app.post('/accounts/tokens/:id/revoke', async (c) => {
    const scope = await officerScope(c, 'tokens:manage', undefined);
    if (scope instanceof Response) return scope;
    const id = c.req.param('id').slice(0, 32);
    const row = await findToken(c.var.deps, id);
    if (!row) throw new NotFound('token', id, 'id');
    c.var.audit.target = id;
    if (!mayActOn(scope.tree, scope.officer, 'tokens:manage', [row.orgId]))
      throw new NotAuthorised(`tokens:manage over ${row.orgId}`);
    c.var.audit.org = row.orgId;
    await revokeToken(c.var.deps, id);
    return seeOther(c, '/accounts?m=revoked');
  });
}
