import { createRoute } from '@hono/zod-openapi';
import { NotAuthorised } from '../../errors.ts';
import { changePassword } from '../../service/password-change.ts';
import { principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const ChangePassword = z
  .strictObject({
    current: z.string().min(1).max(200),
    password: z.string().min(1).max(200).openapi({ example: 'a phrase only I would say' }),
  })
  .openapi('ChangePassword');

const route = createRoute({
  method: 'post',
  path: '/api/password',
  tags: ['session'],
  summary: '修改密码 · Change your password',
  description:
    'The caller’s own login: the current password (checked under the login rate limits) and the new one (at least 10 characters, not the user name). ' +
    'Ends every other session of the account; clears `mustChangePassword`, which a generated password sets (until then every other route answers 403 PASSWORD_CHANGE_REQUIRED).',
  request: {
    body: { required: true, content: { 'application/json': { schema: ChangePassword } } },
  },
  responses: { 204: { description: 'Changed' }, ...problems(...AUTHED, 413, 415, 422, 429) },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const p = principalOf(c);
    if (p.kind === 'token') throw new NotAuthorised('an API token has no password');
    c.var.audit.target = p.accountId;
    await changePassword(
      c.var.deps,
      { accountId: p.accountId, sessionId: p.sessionId, address: c.var.address },
      c.req.valid('json'),
      c.var.config.throttle,
    );
    return c.body(null, 204);
  });
}
