import { createRoute } from '@hono/zod-openapi';
import { subtreeOf } from '../../service/authorisation.ts';
import { listTokens, tokenView } from '../../service/tokens.ts';

import { authorise } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import { TokenView } from './tokens-create.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/tokens',
  tags: ['tokens'],
  summary: 'API 令牌列表 · API tokens of a subtree',
  description: 'Never the secrets. Secretaries over the org.',
  request: { params: z.object({ id: OrgId }) },
  responses: {
    200: {
      description: 'Tokens',
      content: { 'application/json': { schema: z.object({ tokens: z.array(TokenView) }) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const tree = await c.var.cache.treeHaving(id);
    await authorise(c, 'tokens:manage', [id]);
    return c.json(
      { tokens: (await listTokens(c.var.deps, subtreeOf(tree, [id]))).map(tokenView) },
      200,
    );
  });
}
