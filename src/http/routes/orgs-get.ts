import { createRoute } from '@hono/zod-openapi';
import { ancestorsOf } from '../../domain/org-tree.ts';
import { principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { Org, OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}',
  tags: ['organisations'],
  summary: '组织 · One organisation',
  description: 'The organisation and its path up to the root.',
  request: { params: z.object({ id: OrgId }) },
  responses: {
    200: {
      description: 'The organisation',
      content: { 'application/json': { schema: Org.extend({ path: z.array(Org) }) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    principalOf(c);
    const { id } = c.req.valid('param');
    const tree = await c.var.cache.treeHaving(id);
    return c.json({ ...tree.get(id)!, path: ancestorsOf(tree, id).map((a) => tree.get(a)!) }, 200);
  });
}
