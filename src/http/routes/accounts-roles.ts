import { createRoute } from '@hono/zod-openapi';
import { addRole, removeRole } from '../../service/account-admin.ts';
import { ROLES } from '../../service/authorisation.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';
import { targetAccount } from './accounts-shared.ts';

const Params = z.object({ id: z.string().min(1).max(32), org: OrgId });
const Roles = z.object({
  id: z.string(),
  roles: z.array(z.object({ org: z.string(), role: z.enum(ROLES) })),
});

const put = createRoute({
  method: 'put',
  path: '/api/accounts/{id}/roles/{org}',
  tags: ['accounts'],
  summary: '授予角色 · Give a role',
  description:
    'The officer login’s role at `org` (one per org: an existing one is replaced). `org` must lie in your subtree, and you must be able to manage the login. Secretaries only.',
  request: {
    params: Params,
    body: {
      required: true,
      content: { 'application/json': { schema: z.strictObject({ role: z.enum(ROLES) }) } },
    },
  },
  responses: {
    200: {
      description: 'The login’s roles now',
      content: { 'application/json': { schema: Roles } },
    },
    ...problems(...AUTHED, 404, 413, 415, 422),
  },
});

const del = createRoute({
  method: 'delete',
  path: '/api/accounts/{id}/roles/{org}',
  tags: ['accounts'],
  summary: '收回角色 · Remove a role',
  description:
    'Never the login’s only role (disable it instead) and never one of your own. Secretaries with accounts:manage over every org the login belongs to.',
  request: { params: Params },
  responses: {
    200: {
      description: 'The login’s roles now',
      content: { 'application/json': { schema: Roles } },
    },
    ...problems(...AUTHED, 404, 422),
  },
});

export function register(app: App) {
  app.openapi(put, async (c) => {
    officerOf(c);
    const { id, org } = c.req.valid('param');
    const { role } = c.req.valid('json');
    await c.var.cache.treeHaving(org);
    await authorise(c, 'accounts:manage', [org]);
    const target = await targetAccount(c, id);
    const { before } = await addRole(c.var.deps, await c.var.cache.tree(), target, org, role);
    c.var.audit.alsoOrgs = [...new Set([...(c.var.audit.alsoOrgs ?? []), org])];
    c.var.audit.detail = { org, role, before };
    const roles = [...target.roles.filter((r) => r.org !== org), { org, role }].sort((a, b) =>
      a.org.localeCompare(b.org),
    );
    return c.json({ id, roles }, 200);
  });
  app.openapi(del, async (c) => {
    const officer = officerOf(c);
    const { id, org } = c.req.valid('param');
    const target = await targetAccount(c, id);
    const role = await removeRole(c.var.deps, target, org, officer.accountId);
    c.var.audit.detail = { org, role };
    return c.json({ id, roles: target.roles.filter((r) => r.org !== org) }, 200);
  });
}
