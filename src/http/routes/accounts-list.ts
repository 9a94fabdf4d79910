import { createRoute } from '@hono/zod-openapi';
import { listManagedAccounts } from '../../service/account-admin.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';
import { accountView, AccountView } from './accounts-shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/accounts',
  tags: ['accounts'],
  summary: '账户列表 · List logins',
  description:
    'Officer logins with a role in your subtree (or `org`’s) and member logins of members there. `manageable`: whether you may change it (you hold accounts:manage over every org it belongs to). Secretaries only.',
  request: { query: z.object({ org: OrgId.optional() }) },
  responses: {
    200: {
      description: 'The logins',
      content: {
        'application/json': {
          schema: z.object({
            accounts: z.array(AccountView.extend({ manageable: z.boolean() })),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const { org } = c.req.valid('query');
    if (org) {
      await c.var.cache.treeHaving(org);
      await authorise(c, 'accounts:manage', [org]);
    } else
      await authorise(
        c,
        'accounts:manage',
        officer.roles.map((r) => r.org),
      );
    const rows = await listManagedAccounts(c.var.deps, await c.var.cache.tree(), officer, org);
    return c.json(
      {
        accounts: rows.map((r) => ({
          ...accountView(
            r.account,
            r.roles.map((x) => ({ org: x.orgId, role: x.role })),
          ),
          manageable: r.manageable,
        })),
      },
      200,
    );
  });
}
