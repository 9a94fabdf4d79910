import { createRoute } from '@hono/zod-openapi';
import type { OrgTree } from '../../domain/types.ts';
import { principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgTreeNode } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs',
  tags: ['organisations'],
  summary: '组织树 · The organisation tree',
  description:
    'The whole tree, nested from the root. The tree is public in the trust list anyway; a login is asked only to keep crawlers off.',
  responses: {
    200: {
      description: 'The tree',
      content: { 'application/json': { schema: z.object({ root: OrgTreeNode }) } },
    },
    ...problems(...AUTHED),
  },
});

export function nested(tree: OrgTree, id: string): OrgTreeNode {
  const node = tree.get(id)!;
  const children = [...tree.values()].filter((o) => o.parent === id).map((o) => nested(tree, o.id));
  return { ...node, children };
}

export function register(app: App) {
  app.openapi(route, async (c) => {
    principalOf(c);
    const tree = await c.var.cache.tree();
    const root = [...tree.values()].find((o) => o.parent === null)!;
    return c.json({ root: nested(tree, root.id) }, 200);
  });
}
