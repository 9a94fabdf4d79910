import { createRoute } from '@hono/zod-openapi';
import { deleteCookie } from 'hono/cookie';
import { endSession } from '../../service/sessions.ts';
import { principalOf } from '../auth.ts';
import { SESSION_COOKIE } from '../middleware/authenticate.ts';
import { problems } from '../openapi.ts';
import { httpError } from '../problem.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/session',
  tags: ['session'],
  summary: '退出登录 · Log out',
  description:
    'Ends the session on the server (the cookie stops working at once, wherever it was copied) and clears the cookie. Needs `X-CSRF-Token`.',
  responses: { 204: { description: 'Logged out' }, ...problems(400, 401, 403) },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    principalOf(c);
    const token = c.get('sessionToken');
    if (!token)
      throw httpError(
        'INVALID_INPUT',
        'BAD_REQUEST',
        'an API token is revoked with DELETE /api/tokens/{id}, not logged out',
        'session',
      );
    await endSession(c.var.deps, token);
    deleteCookie(c, c.var.config.cookieSecure ? SESSION_COOKIE.secure : SESSION_COOKIE.plain, {
      path: '/',
      secure: c.var.config.cookieSecure,
    });
    return c.body(null, 204);
  });
}
