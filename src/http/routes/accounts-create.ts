import { createRoute } from '@hono/zod-openapi';
import { NotFound } from '../../errors.ts';
import { createAccount } from '../../service/accounts.ts';
import { ROLES } from '../../service/authorisation.ts';
import { findMember } from '../../service/member-lists.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberId, OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

// The password policy is the service's (checkPasswordPolicy, 422 with a reason); this only bounds the input.
const password = z.string().min(1).max(1000);
const username = z.string().trim().min(3).max(64).openapi({ example: 'li.secretary' });

const CreateAccount = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('officer'),
      username,
      displayName: z.string().trim().min(1).max(50),
      password,
      roles: z
        .array(z.strictObject({ org: OrgId, role: z.enum(ROLES) }))
        .min(1)
        .max(20),
    }),
    z.strictObject({
      kind: z.literal('member'),
      username,
      displayName: z.string().trim().min(1).max(50).optional(),
      password,
      member: MemberId,
    }),
  ])
  .openapi('CreateAccount');

const route = createRoute({
  method: 'post',
  path: '/api/accounts',
  tags: ['accounts'],
  summary: '创建账户 · Create a login',
  description:
    'An officer with roles (each at an org in your subtree), or a member’s own login. Secretaries only.',
  request: { body: { required: true, content: { 'application/json': { schema: CreateAccount } } } },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            username: z.string(),
            kind: z.enum(['officer', 'member']),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404, 413, 415, 422),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const input = c.req.valid('json');
    if (input.kind === 'officer') {
      // Every role granted must lie in the granter's subtree: nobody hands out more than they hold.
      for (const r of input.roles) await authorise(c, 'accounts:manage', [r.org]);
      c.var.audit.org = input.roles[0]!.org;
    } else {
      const member = await findMember(c.var.deps, input.member);
      if (!member) throw new NotFound('member', input.member, 'member');
      await authorise(c, 'accounts:manage', [member.orgId]);
      c.var.audit.org = member.orgId;
    }
    const account = await createAccount(c.var.deps, input, officer.accountId);
    c.var.audit.target = account.id;
    return c.json({ id: account.id, username: account.username, kind: account.kind }, 201);
  });
}
