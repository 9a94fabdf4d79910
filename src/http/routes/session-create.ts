import { createRoute } from '@hono/zod-openapi';
import { checkLogin } from '../../service/accounts.ts';
import { csrfTokenFor } from '../../service/sessions.ts';
import { homeOrgOf } from '../../service/accounts.ts';
import { beginSession } from '../session-cookie.ts';
import { problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const Login = z
  .strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .openapi('Login');

export const Session = z
  .object({
    csrfToken: z.string().openapi({
      description:
        'Send as `X-CSRF-Token` with every state-changing request made with this session',
    }),
    expiresAt: z.string(),
    mustChangePassword: z.boolean().openapi({
      description:
        'The password was generated: change it (POST /api/password) before anything else',
    }),
    account: z.object({
      id: z.string(),
      username: z.string(),
      displayName: z.string(),
      kind: z.enum(['officer', 'member']),
    }),
  })
  .openapi('Session');

const route = createRoute({
  method: 'post',
  path: '/api/session',
  tags: ['session'],
  summary: '登录 · Log in',
  description:
    'Checks the password (PBKDF2-SHA-256, peppered) under per-account and per-address rate limits, and starts a new server-side session: ' +
    'cookie `HttpOnly; Secure; SameSite=Lax`, a fresh id at every login (any session the request carried is ended).',
  request: { body: { required: true, content: { 'application/json': { schema: Login } } } },
  responses: {
    201: { description: 'Logged in', content: { 'application/json': { schema: Session } } },
    ...problems(400, 401, 403, 415, 429),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { deps, config } = c.var;
    const { username, password } = c.req.valid('json');
    c.var.audit.detail = { username };
    const account = await checkLogin(
      deps,
      { username, password, address: c.var.address },
      config.throttle,
    ).catch(async (err: unknown) => {
      // A failed login is audited under the account's org, so its committee sees attempts on its officers.
      c.var.audit.org = await homeOrgOf(deps, username);
      throw err;
    });
    const { token, expiresAt } = await beginSession(c, account);
    const body = {
      csrfToken: await csrfTokenFor(token),
      expiresAt: expiresAt.toISOString(),
      mustChangePassword: account.mustChangePassword,
      account: {
        id: account.id,
        username: account.username,
        displayName: account.displayName,
        kind: account.kind,
      },
    };
    return c.json(body, 201);
  });
}
