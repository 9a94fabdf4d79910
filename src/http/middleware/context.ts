import type { MiddlewareHandler } from 'hono';
import { randomId } from '../../crypto/bytes.ts';
import type { InstallationCache } from '../caches.ts';
import type { AppConfig, AppDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';

/**
 * First on every request: the dependencies, a request id (always ours; a
 * client's X-Request-Id is not trusted into the audit trail), the client
 * address, and the security headers every response carries.
 */
export function requestContext(
  deps: AppDeps,
  config: AppConfig,
  cache: InstallationCache,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomId(16);
    c.set('deps', deps.service);
    c.set('config', config);
    c.set('cache', cache);
    c.set('requestId', requestId);
    c.set('address', (deps.clientAddress?.(c) ?? 'unknown').slice(0, 64));
    c.set('audit', {});
    await next();
    const h = c.res.headers;
    h.set('X-Request-Id', requestId);
    h.set('X-Content-Type-Options', 'nosniff');
    // Pages send same-origin (src/web/context.ts): under no-referrer a browser's form post says `Origin: null`.
    if (!h.has('Referrer-Policy')) h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    if (!h.has('Content-Security-Policy'))
      h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    if (config.cookieSecure) h.set('Strict-Transport-Security', 'max-age=31536000');
    if (c.req.path.startsWith('/api/') && !h.has('Cache-Control'))
      h.set('Cache-Control', 'no-store');
  };
}
