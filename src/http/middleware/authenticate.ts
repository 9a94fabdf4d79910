import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { equalBytes, utf8 } from '../../crypto/bytes.ts';
import { PmcError } from '../../errors.ts';
import { csrfTokenFor, resolveSession } from '../../service/sessions.ts';
import { resolveApiToken } from '../../service/tokens.ts';
import { isPagePath } from '../../web/paths.ts';
import type { AppEnv } from '../env.ts';
import { httpError } from '../problem.ts';

export const SESSION_COOKIE = { secure: '__Host-pmc_session', plain: 'pmc_session' } as const;
export const CSRF_HEADER = 'X-CSRF-Token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Login needs no CSRF token (there is no session yet), only an allowed origin. */
const CSRF_EXEMPT = new Set(['POST /api/session', 'POST /login']);
/** A web form sends the token as this field instead of the header (src/web/context.ts CSRF_FIELD). */
const CSRF_FIELD = '_csrf';
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;
/** What an account that must change its generated password may still do. */
const BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/me',
  'DELETE /api/session',
  'POST /api/session',
  'POST /api/password',
  'GET /password',
  'POST /password',
  'POST /logout',
  'GET /login',
  'POST /login',
]);

async function csrfSent(c: Context<AppEnv>): Promise<string> {
  const header = c.req.header(CSRF_HEADER);
  if (header !== undefined) return header;
  if (!FORM_TYPE.test(c.req.header('Content-Type') ?? '')) return '';
  // Parsed as every page parses forms (`all: true`): Hono keeps the first parse for the handler.
  const value = (await c.req.parseBody({ all: true }))[CSRF_FIELD];
  return typeof value === 'string' ? value : '';
}

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
        const { principal, mustChangePassword } = await resolveSession(
          deps,
          cookie,
          c.var.config.session,
        );
        c.set('principal', principal);
        if (mustChangePassword) c.set('mustChangePassword', true);
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
        const sent = await csrfSent(c);
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
    if (
      c.get('mustChangePassword') &&
      !BEFORE_PASSWORD_CHANGE.has(`${c.req.method} ${c.req.path}`)
    ) {
      const page = isPagePath(c.req.path);
      if (page && c.req.method === 'GET') return c.redirect('/password', 303);
      if (page || c.req.path.startsWith('/api/'))
        throw new PmcError(
          'NOT_AUTHORISED',
          'change the generated password first: POST /api/password',
          {
            reason: 'PASSWORD_CHANGE_REQUIRED',
          },
        );
    }
    await next();
  };
}
