import { createRoute } from '@hono/zod-openapi';
import { ORG_TYPES } from '../../domain/types.ts';
import { createOrg } from '../../service/org-changes.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { Org, OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const CreateOrg = z
  .strictObject({
    id: OrgId.openapi({ example: 'gaj-b7' }),
    name: z.string().trim().min(1).max(100).openapi({ example: '第七党支部' }),
    type: z.enum(ORG_TYPES).exclude(['root']),
    parent: OrgId,
  })
  .openapi('CreateOrganisation');

const route = createRoute({
  method: 'post',
  path: '/api/orgs',
  tags: ['organisations'],
  summary: '新建下级组织 · Create an organisation',
  description:
    'A child of `parent`, with a fresh key certified by the parent’s key. Secretary or organizer of a 党委 (or the root) over `parent`. 422 `ORG_EXISTS` when the id is taken (a dissolved org’s included), `ORG_DISSOLVED` under a dissolved parent.',
  request: { body: { required: true, content: { 'application/json': { schema: CreateOrg } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: Org } } },
    ...problems(...AUTHED, 404, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    officerOf(c);
    const input = c.req.valid('json');
    await authorise(c, 'orgs:manage', [input.parent]);
    c.var.audit.org = input.parent;
    c.var.audit.target = input.id;
    const node = await createOrg(c.var.deps, input);
    c.var.audit.alsoOrgs = [node.id];
    c.var.audit.detail = { name: node.name, type: node.type, parent: node.parent };
    await c.var.cache.snapshot(true);
    return c.json({ id: node.id, name: node.name, type: node.type, parent: node.parent }, 201);
  });
}
