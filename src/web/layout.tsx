/** @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx';
import { grantingOrgs } from '../service/authorisation.ts';
import type { WebKey } from '../i18n/web.ts';
import type { View } from './context.ts';
import { CsrfField } from './components.tsx';
import { stylesheets, type PageKind } from './styles.ts';

/** The link that switches language on this very page (the choice is kept in a cookie). */
export function langSwitchHref(view: View): string {
  const q = new URLSearchParams(view.query);
  q.set('lang', view.lang === 'zh' ? 'en' : 'zh');
  return `${view.path}?${q}`;
}

function navOf(view: View): { href: string; key: WebKey }[] {
  const p = view.principal;
  if (!p || p.kind === 'token') return [];
  if (p.kind === 'member') return [{ href: '/me', key: 'nav.card' }];
  const items: { href: string; key: WebKey }[] = [
    { href: '/desk', key: 'nav.desk' },
    { href: '/members', key: 'nav.members' },
    { href: '/orgs', key: 'nav.orgs' },
    { href: '/filings', key: 'nav.filings' },
  ];
  if (grantingOrgs(p, 'dues:read').length) items.push({ href: '/dues', key: 'nav.dues' });
  if (grantingOrgs(p, 'accounts:manage').length)
    items.push({ href: '/accounts', key: 'nav.accounts' });
  return items;
}

/**
 * Every page's frame: Chinese-first `lang`, a phone-width viewport, the
 * stylesheets of its kind (weui for phone pages, dense tables for office
 * pages), the navigation the caller may use, the language switch and logout.
 * No inline script or style anywhere (the CSP forbids both).
 */
export function Layout(props: { view: View; title: string; kind?: PageKind; children?: Child }) {
  const { view, title } = props;
  const kind = props.kind ?? 'office';
  const { t } = view;
  const p = view.principal;
  const nav = navOf(view);
  return (
    <html lang={view.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="referrer" content="same-origin" />
        {/* No favicon request (a 404 in every page's console): an empty icon. */}
        <link rel="icon" href="data:," />
        <title>{`${title} · ${t('app.name')}`}</title>
        {stylesheets(kind).map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
      </head>
      <body class={`page-${kind}`}>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top no-print">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          {nav.length > 0 && (
            <nav aria-label={t('nav.main')}>
              {nav.map((n) => (
                <a href={n.href} aria-current={view.path.startsWith(n.href) ? 'page' : undefined}>
                  {t(n.key)}
                </a>
              ))}
            </nav>
          )}
          <div class="top-right">
            <a
              href={langSwitchHref(view)}
              hreflang={view.lang === 'zh' ? 'en' : 'zh'}
              lang={view.lang === 'zh' ? 'en' : 'zh'}
            >
              {t('lang.switch')}
            </a>
            {p && p.kind !== 'token' && (
              <>
                <span class="who">{t('user.signedInAs', { name: p.displayName })}</span>
                <a href="/password">{t('nav.password')}</a>
                <form method="post" action="/logout" class="inline">
                  <CsrfField view={view} />
                  <button type="submit" class="link">
                    {t('nav.logout')}
                  </button>
                </form>
              </>
            )}
          </div>
        </header>
        <main id="main" class={kind === 'phone' ? 'phone' : 'office'}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
