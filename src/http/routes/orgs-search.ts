import { createRoute } from '@hono/zod-openapi';
import { principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { Org } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs/search',
  tags: ['organisations'],
  summary: '查找组织 · Search organisations by name or id',
  description:
    'Case-insensitive: organisations whose name contains `q` or whose id starts with it (e.g. to pick a transfer destination).',
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(100),
      limit: z.coerce.number().int().min(1).max(100).default(20),
    }),
  },
  responses: {
    200: {
      description: 'Matches',
      content: { 'application/json': { schema: z.object({ orgs: z.array(Org) }) } },
    },
    ...problems(...AUTHED),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    principalOf(c);
    const { q, limit } = c.req.valid('query');
    const needle = q.toLowerCase();
    const tree = await c.var.cache.tree();
    const orgs = [...tree.values()]
      .filter((o) => o.id.startsWith(needle) || o.name.toLowerCase().includes(needle))
      .slice(0, limit);
    return c.json({ orgs }, 200);
  });
}
