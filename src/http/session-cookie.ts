import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AccountRow } from '../service/accounts.ts';
import { createSession, endSession, principalOf } from '../service/sessions.ts';
import type { AppEnv } from './env.ts';
import { SESSION_COOKIE } from './middleware/authenticate.ts';

const cookieName = (c: Context<AppEnv>) =>
  c.var.config.cookieSecure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain;

/**
 * Starts a session for an account whose password was just checked, for the
 * API login and the login page alike: whatever session this browser had ends
 * (a new id at every login), the cookie is `HttpOnly; Secure; SameSite=Lax`.
 */
export async function beginSession(
  c: Context<AppEnv>,
  account: AccountRow,
): Promise<{ token: string; expiresAt: Date }> {
  const { deps, config } = c.var;
  const previous = c.get('sessionToken');
  if (previous) await endSession(deps, previous);
  const { token, id, expiresAt } = await createSession(
    deps,
    account,
    { address: c.var.address, userAgent: c.req.header('User-Agent') },
    config.session,
  );
  c.set('principal', await principalOf(deps, account, id));
  c.set('sessionToken', token);
  c.var.audit.target = account.id;
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    secure: config.cookieSecure,
    sameSite: 'Lax',
    path: '/',
    maxAge: config.session.ttlSeconds,
  });
  return { token, expiresAt };
}

/** Ends the browser's session on the server and clears its cookie. */
export async function endBrowserSession(c: Context<AppEnv>, token: string): Promise<void> {
  await endSession(c.var.deps, token);
  deleteCookie(c, cookieName(c), { path: '/', secure: c.var.config.cookieSecure });
}
