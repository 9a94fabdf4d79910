/** @jsxImportSource hono/jsx */
import { PmcError, RateLimited, type PasswordReason, type Reason } from '../errors.ts';
import type { App } from '../http/env.ts';
import type { WebKey } from '../i18n/web.ts';
import { changePassword } from '../service/password-change.ts';
import { CsrfField, Field, Notice } from './components.tsx';
import { formOf, render, seeOther, viewOf, type View } from './context.ts';
import { errorPage } from './error-page.tsx';
import { Layout } from './layout.tsx';
import { HOME } from './paths.ts';

/** The policy's reasons (src/service/password-policy.ts) as page messages, by field. */
const REASONS: Record<PasswordReason, WebKey> = {
  PASSWORD_WRONG: 'password.wrongCurrent',
  PASSWORD_TOO_SHORT: 'password.tooShort',
  PASSWORD_TOO_LONG: 'password.tooLong',
  PASSWORD_HAS_USERNAME: 'password.containsUsername',
  PASSWORD_UNCHANGED: 'password.sameAsOld',
  PASSWORD_REPETITIVE: 'password.weak',
  PASSWORD_COMMON: 'password.weak',
};
const isPasswordReason = (r: Reason | undefined): r is PasswordReason =>
  r !== undefined && Object.hasOwn(REASONS, r);

type Errors = Partial<Record<'current' | 'password' | 'confirm', string>>;

function PasswordPage(props: {
  view: View;
  mustChange: boolean;
  errors?: Errors;
  done?: boolean;
  locked?: string;
}) {
  const { view } = props;
  const { t } = view;
  const e = props.errors ?? {};
  return (
    <Layout view={view} title={t('password.title')} kind="phone">
      <div class="weui-form">
        <div class="weui-form__text-area">
          <h1 class="weui-form__title">{t('password.title')}</h1>
        </div>
        {props.mustChange && <Notice kind="info">{t('password.mustChange')}</Notice>}
        {props.done && <Notice kind="ok">{t('password.changed')}</Notice>}
        {props.locked && <Notice kind="error">{props.locked}</Notice>}
        <form method="post" action="/password" class="stack">
          <CsrfField view={view} />
          <input
            type="text"
            name="username"
            value={view.principal?.kind === 'token' ? '' : (view.principal?.username ?? '')}
            autocomplete="username"
            hidden
          />
          <Field
            name="current"
            label={t('password.current')}
            type="password"
            autocomplete="current-password"
            required
            error={e.current}
          />
          <Field
            name="password"
            label={t('password.new')}
            type="password"
            autocomplete="new-password"
            required
            hint={t('password.hint')}
            error={e.password}
          />
          <Field
            name="confirm"
            label={t('password.confirm')}
            type="password"
            autocomplete="new-password"
            required
            error={e.confirm}
          />
          <button type="submit" class="weui-btn weui-btn_primary">
            {t('password.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** 修改密码: GET /password, POST /password (the form of POST /api/password). */
export function register(app: App) {
  app.get('/password', async (c) => {
    const p = c.get('principal');
    if (!p || p.kind === 'token') return errorPage(c, c.get('authError'), 401);
    const view = await viewOf(c);
    return render(
      c,
      <PasswordPage
        view={view}
        mustChange={c.get('mustChangePassword') === true}
        done={c.req.query('m') === 'changed'}
      />,
    );
  });

  app.post('/password', async (c) => {
    const p = c.get('principal');
    if (!p || p.kind === 'token') return errorPage(c, c.get('authError'), 401);
    const form = await formOf(c);
    const view = await viewOf(c);
    const { t } = view;
    const mustChange = c.get('mustChangePassword') === true;
    const current = form.all('current').at(-1) ?? '';
    const password = form.all('password').at(-1) ?? '';
    if (password !== (form.all('confirm').at(-1) ?? ''))
      return render(
        c,
        <PasswordPage
          view={view}
          mustChange={mustChange}
          errors={{ confirm: t('password.mismatch') }}
        />,
        422,
      );
    c.var.audit.target = p.accountId;
    try {
      await changePassword(
        c.var.deps,
        { accountId: p.accountId, sessionId: p.sessionId, address: c.var.address },
        { current, password },
        c.var.config.throttle,
      );
    } catch (err) {
      if (err instanceof RateLimited)
        return render(
          c,
          <PasswordPage
            view={view}
            mustChange={mustChange}
            locked={t('login.locked', { seconds: err.retryAfter })}
          />,
          429,
          { 'Retry-After': String(err.retryAfter) },
        );
      if (!(err instanceof PmcError) || err.code !== 'INVALID_INPUT') throw err;
      const key = isPasswordReason(err.reason) ? REASONS[err.reason] : undefined;
      const field = err.field === 'current' ? 'current' : 'password';
      return render(
        c,
        <PasswordPage
          view={view}
          mustChange={mustChange}
          errors={{ [field]: t(key ?? 'password.weak') }}
        />,
        422,
      );
    }
    return seeOther(c, mustChange ? HOME[p.kind] : '/password?m=changed');
  });
}
