import { createRoute } from '@hono/zod-openapi';
import { NotAuthorised, NotFound } from '../../errors.ts';
import { grantingOrgs, subtreeOf } from '../../service/authorisation.ts';
import { searchMembers } from '../../service/member-lists.ts';
import { authorise, principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberSummary, OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/members',
  tags: ['members'],
  summary: '查找党员 · Search members in your subtree',
  description:
    'Members whose current org is in the caller’s subtree (or in `org`’s, which must be in it), matching `q` as an exact id or part of the name.',
  request: {
    query: z.object({
      q: z.string().trim().min(1).max(100).optional(),
      org: OrgId.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: {
      description: 'Matches (national IDs never included)',
      content: { 'application/json': { schema: z.object({ members: z.array(MemberSummary) }) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { q, org, limit } = c.req.valid('query');
    const p = principalOf(c);
    const tree = await c.var.cache.tree();
    let roots: string[];
    if (org !== undefined) {
      if (!tree.has(org)) throw new NotFound('organisation', org, 'org');
      await authorise(c, 'member:search', [org]);
      roots = [org];
    } else {
      roots = grantingOrgs(p, 'member:search');
      if (roots.length === 0)
        throw new NotAuthorised(
          'searching members needs an officer role or a token with member:search',
        );
    }
    return c.json(
      { members: await searchMembers(c.var.deps, subtreeOf(tree, roots), q, limit) },
      200,
    );
  });
}
