import { createRoute } from '@hono/zod-openapi';
import { InvalidInput } from '../../errors.ts';
import { dissolveOrg } from '../../service/org-changes.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/dissolve',
  tags: ['organisations'],
  summary: '撤销组织 · Dissolve an organisation',
  description:
    'Only an empty org: no member at it (other than left or deceased), none in transit to it, no live child org (422 `ORG_NOT_EMPTY` says how many remain: transfer them first). Its officer roles are removed and its keys revoked from now, signed by its parent; it stays in the trust list so what it signed stays verifiable, and its id stays taken. orgs:manage over its parent.',
  request: { params: z.object({ id: OrgId }) },
  responses: {
    200: {
      description: 'Dissolved',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            dissolved: z.literal(true),
            rolesRemoved: z.number().int(),
            keysRevoked: z.array(z.string()),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    officerOf(c);
    const { id } = c.req.valid('param');
    const node = (await c.var.cache.treeHaving(id)).get(id)!;
    c.var.audit.org = id;
    c.var.audit.target = id;
    await authorise(c, 'orgs:manage', [node.parent ?? id]);
    if (node.parent === null) throw new InvalidInput('id', 'the root cannot be dissolved');
    c.var.audit.alsoOrgs = [node.parent];
    const done = await dissolveOrg(c.var.deps, id);
    c.var.audit.detail = { rolesRemoved: done.rolesRemoved, keysRevoked: done.keysRevoked };
    await c.var.cache.snapshot(true);
    return c.json(
      {
        id,
        dissolved: true as const,
        rolesRemoved: done.rolesRemoved.length,
        keysRevoked: done.keysRevoked,
      },
      200,
    );
  });
}
