/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PmcError } from '../errors.ts';
import type { AppEnv } from '../http/env.ts';
import { PAGE_UPLOAD_LIMIT } from '../http/middleware/body.ts';
import { statusOf } from '../http/problem.ts';
import { titlesOf } from '../i18n/messages.ts';
import type { WebKey } from '../i18n/web.ts';
import { render, seeOther, viewOf } from './context.ts';
import { Layout } from './layout.tsx';
import { Notice } from './components.tsx';

function messageKey(err: PmcError | undefined, status: number): WebKey {
  if (!err) return status === 404 ? 'error.notFound' : 'error.internal';
  if (err.reason === 'CSRF' || err.reason === 'ORIGIN') return 'error.csrf';
  if (err.reason === 'PAYLOAD_TOO_LARGE') return 'error.tooLarge';
  if (status === 403) return 'error.forbidden';
  if (status === 404) return 'error.notFound';
  if (err.code === 'RULE_VIOLATION') return 'error.rule';
  if (status === 400 || status === 422) return 'error.invalid';
  return 'error.internal';
}

/**
 * An error on a web page, as a page: the same status the API would give (one
 * mapping, src/http/problem.ts), the words in the visitor's language. Not
 * logged in (401): to the login page, coming back here afterwards.
 */
export async function errorPage(
  c: Context<AppEnv>,
  err: PmcError | undefined,
  status: ContentfulStatusCode = err ? statusOf(err) : 500,
): Promise<Response> {
  if (status === 401) {
    const back = c.req.method === 'GET' ? `&next=${encodeURIComponent(c.req.path)}` : '';
    const why =
      err?.reason === 'SESSION_EXPIRED' || err?.reason === 'SESSION_ENDED' ? 'ended' : 'login';
    return seeOther(c, `/login?m=${why}${back}`);
  }
  const view = await viewOf(c);
  const { t } = view;
  const key = messageKey(err, status);
  return render(
    c,
    <Layout view={view} title={t('error.title')}>
      <h1>{t('error.title')}</h1>
      <Notice kind="error">
        {t(key, {
          detail: err ? titlesOf(err)[view.lang] : '',
          id: c.var.requestId,
          mb: PAGE_UPLOAD_LIMIT >> 20,
        })}
      </Notice>
      <p class="muted">{t('error.requestId', { id: c.var.requestId })}</p>
      <p>
        <a href="/">{t('error.back')}</a>
      </p>
    </Layout>,
    status,
  );
}
