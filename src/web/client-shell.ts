import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from '../http/env.ts';
import { CLIENT_TEXT, type ClientKey } from '../i18n/client.ts';
import type { Lang } from '../i18n/messages.ts';
import { assetUrl, type AssetName } from './assets.ts';

/**
 * The frame of the two pages whose work happens in the browser (核验 /v and
 * 扫码签注 /scan): phone-first weui styles, a strict CSP (our scripts only, no
 * inline code), the language switch, and the text the script needs as a JSON
 * data block (never executed). Self-contained on purpose: the verify page is
 * cached by a service worker and must render with no session and no network.
 */
export const CLIENT_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "media-src 'self' blob: mediastream:",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The visitor's language: `?lang=` → the pmc_lang cookie → Accept-Language → Chinese. */
export function langOf(c: Context<AppEnv>): Lang {
  const set = (c.var as { lang?: unknown }).lang;
  if (set === 'zh' || set === 'en') return set;
  const q = c.req.query('lang');
  if (q === 'zh' || q === 'en') return q;
  const cookie = getCookie(c, 'pmc_lang');
  if (cookie === 'zh' || cookie === 'en') return cookie;
  const accept = (c.req.header('Accept-Language') ?? '').toLowerCase();
  const zh = accept.indexOf('zh');
  const en = accept.indexOf('en');
  return en >= 0 && (zh < 0 || en < zh) ? 'en' : 'zh';
}

export function translator(lang: Lang) {
  return (key: ClientKey) => CLIENT_TEXT[lang][key];
}

/** `<script type="application/json">`: `<` escaped so the data can never close the element. */
export const jsonBlock = (id: string, data: unknown) =>
  raw(
    `<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`,
  );

export function clientPage(opts: {
  c: Context<AppEnv>;
  lang: Lang;
  title: string;
  script: AssetName;
  body: HtmlEscapedString | Promise<HtmlEscapedString>;
  data: unknown;
  cacheControl: string;
}): Response | Promise<Response> {
  const { c, lang } = opts;
  const t = translator(lang);
  const other = lang === 'zh' ? 'en' : 'zh';
  const page = html`<!doctype html>
    <html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" href="data:," />
        <title>${opts.title} · ${t('app.name')}</title>
        <link rel="stylesheet" href="${assetUrl('weui.css')}" />
        <link rel="stylesheet" href="${assetUrl('app.css')}" />
        <script type="module" src="${assetUrl(opts.script)}"></script>
      </head>
      <body>
        <main class="pmc-page" id="main">
          <p class="pmc-lang">
            <a href="?lang=${other}" hreflang="${other}" lang="${other === 'zh' ? 'zh-CN' : 'en'}"
              >${t('lang.switch')}</a
            >
          </p>
          <h1 class="pmc-h1">${opts.title}</h1>
          <noscript><p class="pmc-warning">${t('page.noscript')}</p></noscript>
          ${opts.body}
        </main>
        ${jsonBlock('pmc-data', opts.data)}
      </body>
    </html>`;
  c.header('Content-Security-Policy', CLIENT_PAGE_CSP);
  c.header('Cache-Control', opts.cacheControl);
  c.header('Vary', 'Accept-Language, Cookie');
  return c.html(page);
}
