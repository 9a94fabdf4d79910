import { createRoute } from '@hono/zod-openapi';
import { currentCredential } from '../../service/credential-refresh.ts';
import { showMember } from '../../service/members.ts';
import { httpError } from '../problem.ts';
import { hostedView, memberFor } from '../member-access.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { HostedMember, Member, MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/members/{id}',
  tags: ['members'],
  summary: '党员信息 · A member’s record',
  description:
    'The record and its decoded ledger. The national ID is masked to its region (with the birth date shown, nothing that rebuilds it); ' +
    '`POST /api/members/{id}/national-id` reveals it to those allowed (audited). `reveal=national_id` here is refused (400): a GET can be triggered cross-site. ' +
    'A host org of a 流动党员 (and nothing more) gets only `HostedMember`: who they are, their home org and status, the registrations at its orgs.',
  request: {
    params: z.object({ id: MemberId }),
    query: z.object({ reveal: z.enum(['national_id']).optional() }),
  },
  responses: {
    200: {
      description: 'The member; to a host org of a 流动党员 (and no more), only what hosting needs',
      content: { 'application/json': { schema: z.union([Member, HostedMember]) } },
    },
    ...problems(400, ...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { reveal } = c.req.valid('query');
    const access = await memberFor(c, id, 'member:read', { host: true });
    if (reveal)
      throw httpError(
        'INVALID_INPUT',
        'BAD_REQUEST',
        'the full national ID is revealed with POST /api/members/{id}/national-id (and X-CSRF-Token), not a GET',
        'reveal',
      );
    if (access.reach === 'host') return c.json(hostedView(access, access.hosts), 200);
    const deps = c.var.deps;
    const credential = await currentCredential(deps, id);
    const shown = await showMember(deps, id);
    return c.json({ ...shown, credential, nationalIdRevealed: false }, 200);
  });
}
