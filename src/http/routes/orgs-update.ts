import { createRoute } from '@hono/zod-openapi';
import { InvalidInput } from '../../errors.ts';
import { moveOrg, renameOrg } from '../../service/org-changes.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { Org, OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const UpdateOrg = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional().openapi({ example: '第一党支部（机关）' }),
    parent: OrgId.optional().openapi({ description: 'Move the org (and its subtree) here' }),
  })
  .openapi('UpdateOrganisation');

const route = createRoute({
  method: 'patch',
  path: '/api/orgs/{id}',
  tags: ['organisations'],
  summary: '更名或调整隶属 · Rename or move an organisation',
  description:
    'Rename (`name`) and/or move under another parent (`parent`). Needs orgs:manage (secretary or organizer of a 党委 or the root) over the org’s parent, and for a move over the new parent too. After a move the org signs with a new key certified by its new parent; what it signed before stays verifiable. 422 `ORG_CYCLE` for a move under itself or its own descendant.',
  request: {
    params: z.object({ id: OrgId }),
    body: { required: true, content: { 'application/json': { schema: UpdateOrg } } },
  },
  responses: {
    200: { description: 'The org as it now is', content: { 'application/json': { schema: Org } } },
    ...problems(...AUTHED, 404, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    officerOf(c);
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    if (input.name === undefined && input.parent === undefined)
      throw new InvalidInput('name', 'send a new `name`, a new `parent`, or both');
    const tree = await c.var.cache.treeHaving(id);
    const node = tree.get(id)!;
    c.var.audit.org = id;
    c.var.audit.target = id;
    // An org is reshaped from above: the orgs:manage holder over its parent (the root has none).
    await authorise(c, 'orgs:manage', [node.parent ?? id]);
    if (node.parent === null) throw new InvalidInput('id', 'the root is renamed with the CLI');
    c.var.audit.alsoOrgs = [node.parent];
    const detail: Record<string, unknown> = {};
    let after = node;
    if (input.parent !== undefined && input.parent !== node.parent) {
      await authorise(c, 'orgs:manage', [input.parent]);
      const moved = await moveOrg(c.var.deps, id, input.parent);
      Object.assign(detail, { from: moved.from, to: input.parent, kid: moved.kid });
      c.var.audit.alsoOrgs = [moved.from, input.parent];
      after = moved.after;
    }
    if (input.name !== undefined) {
      const renamed = await renameOrg(c.var.deps, id, input.name);
      if (renamed.before !== renamed.after.name)
        Object.assign(detail, { nameBefore: renamed.before, name: renamed.after.name });
      after = { ...after, name: renamed.after.name };
    }
    c.var.audit.action =
      'to' in detail ? ('nameBefore' in detail ? 'move+rename' : 'move') : 'rename';
    c.var.audit.detail = detail;
    await c.var.cache.snapshot(true);
    return c.json({ id: after.id, name: after.name, type: after.type, parent: after.parent }, 200);
  });
}
