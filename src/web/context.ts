import type { Context, MiddlewareHandler } from 'hono';
import { setCookie } from 'hono/cookie';
import { languageDetector } from 'hono/language';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../http/env.ts';
import type { Lang } from '../i18n/messages.ts';
import { translator, type Translate } from '../i18n/web.ts';
import type { Principal } from '../service/authorisation.ts';
import { csrfTokenFor } from '../service/sessions.ts';
import { isPagePath, LANG_COOKIE } from './paths.ts';

/**
 * The page policy: our own scripts, styles and images only, no inline code,
 * forms post only to us, never framed.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The form field that carries the CSRF token (the API's X-CSRF-Token header, for forms). */
export const CSRF_FIELD = '_csrf';

/**
 * First for every page path: the language (query → cookie → Accept-Language,
 * via hono/language; a `?lang=` choice is remembered in a cookie), then, on
 * the way out, the page's CSP and `Cache-Control: no-store` (pages show
 * personal data) unless the page set its own.
 */
export function webContext(): MiddlewareHandler<AppEnv> {
  const detect = languageDetector({
    order: ['querystring', 'cookie', 'header'],
    lookupQueryString: 'lang',
    lookupCookie: LANG_COOKIE,
    supportedLanguages: ['zh', 'en'],
    fallbackLanguage: 'zh',
    caches: false,
  });
  return async (c, next) => {
    if (!isPagePath(c.req.path)) return next();
    await detect(c as unknown as Context, async () => {
      const lang: Lang = (c as unknown as Context).get('language') === 'en' ? 'en' : 'zh';
      c.set('lang', lang);
      const chosen = c.req.query('lang');
      if (chosen === 'zh' || chosen === 'en')
        setCookie(c, LANG_COOKIE, chosen, {
          path: '/',
          sameSite: 'Lax',
          httpOnly: true,
          secure: c.var.config.cookieSecure,
          maxAge: 365 * 86400,
        });
      await next();
    });
    const h = c.res.headers;
    if ((h.get('Content-Type') ?? '').startsWith('text/html')) {
      if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', PAGE_CSP);
      if (!h.has('Cache-Control')) h.set('Cache-Control', 'no-store');
      // Not no-referrer: with it, Chromium sends `Origin: null` on our own form posts and the Origin check refuses them.
      if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'same-origin');
    }
  };
}

/** What every page needs to render: language, translator, caller, CSRF token, where it is. */
export interface View {
  lang: Lang;
  t: Translate;
  principal: Principal | undefined;
  /** The session's CSRF token, for the forms (absent when not logged in). */
  csrf: string | undefined;
  path: string;
  /** The current URL's query, to build links that keep it (language switch, pager). */
  query: URLSearchParams;
}

export async function viewOf(c: Context<AppEnv>): Promise<View> {
  const lang = c.get('lang') ?? 'zh';
  const token = c.get('principal') ? c.get('sessionToken') : undefined;
  const url = new URL(c.req.url);
  return {
    lang,
    t: translator(lang),
    principal: c.get('principal'),
    csrf: token ? await csrfTokenFor(token) : undefined,
    path: url.pathname,
    query: url.searchParams,
  };
}

/** An HTML response from a JSX tree (async components included: their toString is a promise). */
export async function render(
  c: Context<AppEnv>,
  node: HtmlEscapedString | Promise<HtmlEscapedString>,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Promise<Response> {
  const html: string = await (await node).toString();
  return c.html(`<!doctype html>${html}`, status, headers);
}

/** Post/redirect/get: 303 See Other, so a reload does not post again. */
export const seeOther = (c: Context<AppEnv>, to: string): Response => c.redirect(to, 303);

/** A form's fields as strings (repeated names keep their last value; `all` lists every value). */
export async function formOf(c: Context<AppEnv>): Promise<{
  get(name: string): string;
  all(name: string): string[];
}> {
  const body = await c.req.parseBody({ all: true });
  const values = (name: string): string[] => {
    const v = body[name];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.filter((x): x is string => typeof x === 'string');
  };
  return {
    get: (name) => (values(name).at(-1) ?? '').trim(),
    all: values,
  };
}

/** A local path to go back to after login (never another site). */
export function safeNext(next: string | undefined): string | undefined {
  return next && /^\/(?![/\\])/.test(next) ? next : undefined;
}
