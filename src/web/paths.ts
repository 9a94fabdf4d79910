/**
 * Which paths are web pages (HTML for people) rather than the API, the log,
 * the trust list or static files: errors there render as a page, and the
 * page headers (CSP, no-store, language) apply.
 */
const NOT_PAGES = /^\/(api|log|\.well-known|assets)(\/|$)|^\/(openapi\.json|docs|healthz|readyz)$/;

export const isPagePath = (path: string): boolean => !NOT_PAGES.test(path);

/** The language the visitor chose with `?lang=`; read before Accept-Language. */
export const LANG_COOKIE = 'pmc_lang';

/** Where each kind of user lands after login. */
export const HOME = { officer: '/desk', member: '/me' } as const;
