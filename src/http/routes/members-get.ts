import { createRoute } from '@hono/zod-openapi';
import { currentCredential } from '../../service/credential-refresh.ts';
import { showMember } from '../../service/members.ts';
import { httpError } from '../problem.ts';
import { memberFor } from '../member-access.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { Member, MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/members/{id}',
  tags: ['members'],
  summary: '党员信息 · A member’s record',
  description:
    'The record and its decoded ledger. The national ID is masked to its region (with the birth date shown, nothing that rebuilds it); ' +
    '`POST /api/members/{id}/national-id` reveals it to those allowed (audited). `reveal=national_id` here is refused (400): a GET can be triggered cross-site.',
  request: {
    params: z.object({ id: MemberId }),
    query: z.object({ reveal: z.enum(['national_id']).optional() }),
  },
  responses: {
    200: { description: 'The member', content: { 'application/json': { schema: Member } } },
    ...problems(400, ...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { reveal } = c.req.valid('query');
    await memberFor(c, id, 'member:read');
    if (reveal)
      throw httpError(
        'INVALID_INPUT',
        'BAD_REQUEST',
        'the full national ID is revealed with POST /api/members/{id}/national-id (and X-CSRF-Token), not a GET',
        'reveal',
      );
    const deps = c.var.deps;
    const credential = await currentCredential(deps, id);
    const shown = await showMember(deps, id);
    return c.json({ ...shown, credential, nationalIdRevealed: false }, 200);
  });
}
