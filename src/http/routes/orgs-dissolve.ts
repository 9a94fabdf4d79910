import { createRoute } from '@hono/zod-openapi';
import { InvalidInput } from '../../errors.ts';
import { dissolveOrg } from '../../service/org-changes.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const DissolveOrg = z
  .strictObject({
    destination: OrgId.optional().openapi({
      description:
        'Move the org’s members here first (a live 党支部 or 党小组 outside the org’s subtree, under your orgs:manage too)',
      example: 'b2',
    }),
  })
  .openapi('DissolveOrganisation');

const route = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/dissolve',
  tags: ['organisations'],
  summary: '撤销组织 · Dissolve an organisation',
  description:
    'Without `destination`, only an empty org: no member at it (other than left or deceased), none in transit to it, no live child org (422 `ORG_NOT_EMPTY` says how many remain). With `destination`, each member is first moved there by a signed 转出签注 (reason 党组织撤销, signed by the org) and 报到签注 (signed by the destination), their credentials re-issued; 422 `MEMBERS_NOT_MOVABLE` names in `blocked` every member the ledger’s rules will not move (转出在途, 停止党籍, 证明信 out, in transit to the org) and nothing is done; `ORG_HAS_CHILDREN` while it has live child orgs (dissolve or move them first); `DESTINATION_INSIDE`, `DESTINATION_TYPE`, `ORG_DISSOLVED` for a destination that cannot take them. Then its officer roles are removed and its keys revoked from the dissolution on, signed by its parent; it stays in the trust list so what it signed stays verifiable, and its id stays taken. All in one transaction. A retry of a done dissolution answers 200 with `replayed: true`. orgs:manage over its parent (and over the destination).',
  request: {
    params: z.object({ id: OrgId }),
    body: { required: false, content: { 'application/json': { schema: DissolveOrg } } },
  },
  responses: {
    200: {
      description: 'Dissolved',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            dissolved: z.literal(true),
            destination: z.string().nullable(),
            moved: z.array(z.string()),
            rolesRemoved: z.number().int(),
            keysRevoked: z.array(z.string()),
            replayed: z.boolean(),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const { id } = c.req.valid('param');
    const destination = (c.req.valid('json') as z.infer<typeof DissolveOrg> | undefined)
      ?.destination;
    const tree = await c.var.cache.treeHaving(id);
    const node = tree.get(id)!;
    c.var.audit.org = id;
    c.var.audit.target = id;
    await authorise(c, 'orgs:manage', [node.parent ?? id]);
    if (node.parent === null) throw new InvalidInput('id', 'the root cannot be dissolved');
    c.var.audit.alsoOrgs = [node.parent];
    if (destination !== undefined) {
      if (!tree.has(destination))
        throw new InvalidInput('destination', `organisation ${destination} does not exist`);
      await authorise(c, 'orgs:manage', [destination]);
      c.var.audit.alsoOrgs = [node.parent, destination];
    }
    const done = await dissolveOrg(c.var.deps, id, {
      ...(destination !== undefined ? { into: destination } : {}),
      officer: officer.accountId,
    });
    c.var.audit.detail = {
      rolesRemoved: done.rolesRemoved,
      keysRevoked: done.keysRevoked,
      destination: done.into,
      moved: done.moved,
      replayed: done.replayed,
    };
    await c.var.cache.snapshot(true);
    return c.json(
      {
        id,
        dissolved: true as const,
        destination: done.into,
        moved: done.moved,
        rolesRemoved: done.rolesRemoved.length,
        keysRevoked: done.keysRevoked,
        replayed: done.replayed,
      },
      200,
    );
  });
}
