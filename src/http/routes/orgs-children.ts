import { createRoute } from '@hono/zod-openapi';
import { principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { Org, OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/children',
  tags: ['organisations'],
  summary: '下级组织 · Children of an organisation',
  request: { params: z.object({ id: OrgId }) },
  responses: {
    200: {
      description: 'Direct children',
      content: { 'application/json': { schema: z.object({ orgs: z.array(Org) }) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    principalOf(c);
    const { id } = c.req.valid('param');
    const tree = await c.var.cache.treeHaving(id);
    return c.json({ orgs: [...tree.values()].filter((o) => o.parent === id) }, 200);
  });
}
