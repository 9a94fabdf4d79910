import { createRoute } from '@hono/zod-openapi';
import { NotFound } from '../../errors.ts';
import { findToken, revokeToken } from '../../service/tokens.ts';

import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'delete',
  path: '/api/tokens/{id}',
  tags: ['tokens'],
  summary: '吊销 API 令牌 · Revoke an API token',
  description: 'Takes effect at once. Secretaries over the token’s org.',
  request: { params: z.object({ id: z.string().min(1).max(32) }) },
  responses: { 204: { description: 'Revoked' }, ...problems(...AUTHED, 404) },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    officerOf(c);
    const { id } = c.req.valid('param');
    c.var.audit.target = id;
    const row = await findToken(c.var.deps, id);
    if (!row) throw new NotFound('token', id, 'id');
    c.var.audit.org = row.orgId;
    await authorise(c, 'tokens:manage', [row.orgId]);
    await revokeToken(c.var.deps, id);
    return c.body(null, 204);
  });
}
