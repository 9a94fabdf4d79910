/** @jsxImportSource hono/jsx */
import { PmcError, RateLimited } from '../errors.ts';
import type { App } from '../http/env.ts';
import { beginSession, endBrowserSession } from '../http/session-cookie.ts';
import { homeOrgOf } from '../service/accounts.ts';
import type { WebKey } from '../i18n/web.ts';
import { checkLogin } from '../service/accounts.ts';
import { Field, Notice } from './components.tsx';
import { formOf, render, safeNext, seeOther, viewOf, type View } from './context.ts';
import { Layout } from './layout.tsx';
import { HOME } from './paths.ts';

/** Why the login page is shown (`?m=`): a notice above the form. */
const NOTICES: Record<string, { kind: 'info' | 'ok'; key: WebKey }> = {
  ended: { kind: 'info', key: 'login.sessionEnded' },
  out: { kind: 'ok', key: 'login.loggedOut' },
  changed: { kind: 'ok', key: 'login.passwordChanged' },
};

function LoginPage(props: {
  view: View;
  username?: string;
  error?: string | undefined;
  next?: string | undefined;
}) {
  const { view } = props;
  const { t } = view;
  const notice = NOTICES[view.query.get('m') ?? ''];
  return (
    <Layout view={view} title={t('login.title')} kind="phone">
      <div class="weui-form">
        <div class="weui-form__text-area">
          <h1 class="weui-form__title">{t('app.name')}</h1>
          <p class="weui-form__desc">{t('login.intro')}</p>
        </div>
        {notice && !props.error && <Notice kind={notice.kind}>{t(notice.key)}</Notice>}
        {props.error && <Notice kind="error">{props.error}</Notice>}
        <form method="post" action="/login" class="stack">
          {props.next && <input type="hidden" name="next" value={props.next} />}
          <Field
            name="username"
            label={t('login.username')}
            value={props.username ?? ''}
            autocomplete="username"
            required
            maxlength={64}
          />
          <Field
            name="password"
            label={t('login.password')}
            type="password"
            autocomplete="current-password"
            required
            maxlength={200}
          />
          <button type="submit" class="weui-btn weui-btn_primary">
            {t('login.submit')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

/** 登录 (GET /login, POST /login) and 退出 (POST /logout): the same session and cookie as the API. */
export function register(app: App) {
  app.get('/login', async (c) => {
    const view = await viewOf(c);
    const next = safeNext(c.req.query('next'));
    return render(c, <LoginPage view={view} next={next} />);
  });

  app.post('/login', async (c) => {
    const form = await formOf(c);
    const username = form.get('username').slice(0, 64);
    const next = safeNext(form.get('next'));
    const view = await viewOf(c);
    c.var.audit.detail = { username };
    try {
      const account = await checkLogin(
        c.var.deps,
        { username, password: form.all('password').at(-1) ?? '', address: c.var.address },
        c.var.config.throttle,
      );
      await beginSession(c, account);
      if (account.mustChangePassword) return seeOther(c, '/password');
      return seeOther(c, next ?? HOME[account.kind]);
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      c.var.audit.org = await homeOrgOf(c.var.deps, username);
      const { t } = view;
      if (err instanceof RateLimited) {
        const page = (
          <LoginPage
            view={view}
            username={username}
            next={next}
            error={t('login.locked', { seconds: err.retryAfter })}
          />
        );
        return render(c, page, 429, { 'Retry-After': String(err.retryAfter) });
      }
      if (err.code !== 'UNAUTHENTICATED' && err.code !== 'INVALID_INPUT') throw err;
      return render(
        c,
        <LoginPage view={view} username={username} next={next} error={t('login.failed')} />,
        401,
      );
    }
  });

  app.post('/logout', async (c) => {
    const token = c.get('sessionToken');
    if (token && c.get('principal')) await endBrowserSession(c, token);
    return seeOther(c, '/login?m=out');
  });
}
