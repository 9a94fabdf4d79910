import { createRoute } from '@hono/zod-openapi';
import { MATRIX, ABILITIES, type Ability } from '../../service/authorisation.ts';
import { csrfTokenFor } from '../../service/sessions.ts';
import { currentCredential } from '../../service/credential-refresh.ts';
import { findMember } from '../../service/member-lists.ts';
import { principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const Me = z
  .object({
    kind: z.enum(['officer', 'member', 'token']),
    id: z.string(),
    username: z.string().optional(),
    displayName: z.string(),
    roles: z
      .array(
        z.object({
          org: z.string(),
          orgName: z.string(),
          role: z.string(),
          abilities: z.array(z.string()),
        }),
      )
      .optional(),
    member: z
      .object({
        id: z.string(),
        name: z.string(),
        org: z.string(),
        status: z.string(),
        credential: z.string(),
      })
      .optional(),
    abilities: z.array(z.string()).optional(),
    org: z.string().optional(),
    csrfToken: z.string().optional(),
  })
  .openapi('Me');

const route = createRoute({
  method: 'get',
  path: '/api/me',
  tags: ['session'],
  summary: '当前用户 · Who am I',
  description:
    'The caller: an officer with their roles and what each allows, a member with their current credential, or an API token. Also returns the CSRF token of the session.',
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: Me } } },
    ...problems(...AUTHED),
  },
});

const abilitiesOf = (role: string): Ability[] =>
  ABILITIES.filter((a) => (MATRIX[a].roles as readonly string[]).includes(role));

export function register(app: App) {
  app.openapi(route, async (c) => {
    const p = principalOf(c);
    const token = c.get('sessionToken');
    const csrf = token ? { csrfToken: await csrfTokenFor(token) } : {};
    if (p.kind === 'token')
      return c.json(
        {
          kind: 'token' as const,
          id: p.tokenId,
          displayName: p.name,
          org: p.org,
          abilities: [...p.abilities],
        },
        200,
      );
    const base = { id: p.accountId, username: p.username, displayName: p.displayName, ...csrf };
    if (p.kind === 'officer') {
      const tree = await c.var.cache.tree();
      const roles = p.roles.map((r) => ({
        org: r.org,
        orgName: tree.get(r.org)?.name ?? r.org,
        role: r.role,
        abilities: abilitiesOf(r.role),
      }));
      return c.json({ kind: 'officer' as const, ...base, roles }, 200);
    }
    const row = (await findMember(c.var.deps, p.memberId))!;
    const credential = await currentCredential(c.var.deps, p.memberId);
    return c.json(
      {
        kind: 'member' as const,
        ...base,
        member: { id: row.id, name: row.name, org: row.orgId, status: row.status, credential },
      },
      200,
    );
  });
}
