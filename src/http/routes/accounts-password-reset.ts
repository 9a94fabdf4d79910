import { createRoute } from '@hono/zod-openapi';
import { resetPassword } from '../../service/account-admin.ts';
import { officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';
import { targetAccount } from './accounts-shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/accounts/{id}/password-reset',
  tags: ['accounts'],
  summary: '重置密码 · Reset a login’s password',
  description:
    'A generated password, shown once in this response; the next login must change it, and every session of the login ends. Not your own (change it at /api/password). Secretaries with accounts:manage over every org the login belongs to.',
  request: { params: z.object({ id: z.string().min(1).max(32) }) },
  responses: {
    200: {
      description: 'The new password, once',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            password: z.string(),
            mustChangePassword: z.literal(true),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404, 422),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const { id } = c.req.valid('param');
    const target = await targetAccount(c, id);
    const password = await resetPassword(c.var.deps, target, officer.accountId);
    c.header('Cache-Control', 'no-store');
    return c.json({ id, password, mustChangePassword: true as const }, 200);
  });
}
