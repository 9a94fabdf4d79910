import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { equalBytes, utf8 } from '../../crypto/bytes.ts';
import { PmcError } from '../../errors.ts';
import { csrfTokenFor, resolveSession } from '../../service/sessions.ts';
import { resolveApiToken } from '../../service/tokens.ts';
import type { AppEnv } from '../env.ts';
import { httpError } from '../problem.ts';

export const SESSION_COOKIE = { secure: '__Host-pmc_session', plain: 'pmc_session' } as const;
export const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Login needs no CSRF token (there is no session yet), only an allowed origin. */
const CSRF_EXEMPT = new Set(['POST /api/session']);

/**
 * Works out who is calling: an API token (`Authorization: Bearer pmc_…`) or
 * a session cookie. A refused credential is kept as `authError` for the
 * routes that need a caller (401 there; a public route just ignores it).
 * Cookie-authenticated state changes must carry the session's CSRF token and,
 * when the browser says where it comes from, an allowed Origin.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.var.deps;
    const auth = c.req.header('Authorization');
    const cookieName = c.var.config.cookieSecure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain;
    const cookie = getCookie(c, cookieName);
    const unsafe = UNSAFE.has(c.req.method);
    try {
      if (auth !== undefined) {
        const [scheme, value] = auth.split(' ', 2);
        if (scheme?.toLowerCase() !== 'bearer' || !value)
          throw httpError(
            'UNAUTHENTICATED',
            'TOKEN_INVALID',
            'use Authorization: Bearer <API token>',
          );
        c.set('principal', await resolveApiToken(deps, value.trim()));
      } else if (cookie !== undefined) {
        c.set('sessionToken', cookie);
        const { principal } = await resolveSession(deps, cookie, c.var.config.session);
        c.set('principal', principal);
      }
    } catch (err) {
      if (!(err instanceof PmcError)) throw err;
      c.set('authError', err);
    }
    if (unsafe && auth === undefined) {
      const origin = c.req.header('Origin');
      if (origin !== undefined && !c.var.config.allowedOrigins.includes(origin)) {
        throw new PmcError('NOT_AUTHORISED', `requests from ${origin} are not allowed`, {
          reason: 'ORIGIN',
        });
      }
      const route = `${c.req.method} ${c.req.path}`;
      if (c.get('principal') && cookie !== undefined && !CSRF_EXEMPT.has(route)) {
        const sent = c.req.header(CSRF_HEADER) ?? '';
        if (!equalBytes(utf8(sent), utf8(await csrfTokenFor(cookie)))) {
          throw new PmcError(
            'NOT_AUTHORISED',
            `missing or wrong ${CSRF_HEADER} header: send the csrfToken from POST /api/session or GET /api/me`,
            {
              reason: 'CSRF',
              field: CSRF_HEADER,
            },
          );
        }
      }
    }
    await next();
  };
}
