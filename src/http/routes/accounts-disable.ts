import { createRoute } from '@hono/zod-openapi';
import { disableAccount, enableAccount } from '../../service/account-admin.ts';
import { officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';
import { targetAccount } from './accounts-shared.ts';

const Id = z.object({ id: z.string().min(1).max(32) });

const disable = createRoute({
  method: 'post',
  path: '/api/accounts/{id}/disable',
  tags: ['accounts'],
  summary: '停用账户 · Disable a login',
  description:
    'It cannot log in; its sessions end at once and the API tokens it created are revoked. Not your own. Secretaries with accounts:manage over every org the login belongs to.',
  request: { params: Id },
  responses: {
    200: {
      description: 'Disabled',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            disabled: z.literal(true),
            sessionsEnded: z.number().int(),
            tokensRevoked: z.number().int(),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404, 422),
  },
});

const enable = createRoute({
  method: 'post',
  path: '/api/accounts/{id}/enable',
  tags: ['accounts'],
  summary: '恢复账户 · Re-enable a login',
  description: 'It may log in again (its old sessions stay ended). Same authority as disabling.',
  request: { params: Id },
  responses: {
    200: {
      description: 'Enabled',
      content: {
        'application/json': { schema: z.object({ id: z.string(), disabled: z.literal(false) }) },
      },
    },
    ...problems(...AUTHED, 404, 422),
  },
});

export function register(app: App) {
  app.openapi(disable, async (c) => {
    const officer = officerOf(c);
    const { id } = c.req.valid('param');
    const target = await targetAccount(c, id);
    const done = await disableAccount(c.var.deps, target, officer.accountId);
    c.var.audit.detail = { ...done };
    return c.json(
      {
        id,
        disabled: true as const,
        sessionsEnded: done.sessionsEnded,
        tokensRevoked: done.tokensRevoked,
      },
      200,
    );
  });
  app.openapi(enable, async (c) => {
    const { id } = c.req.valid('param');
    const target = await targetAccount(c, id);
    const done = await enableAccount(c.var.deps, target);
    c.var.audit.detail = { ...done };
    return c.json({ id, disabled: false as const }, 200);
  });
}
