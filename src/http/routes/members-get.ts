import { createRoute } from '@hono/zod-openapi';
import { currentCredential } from '../../service/credential-refresh.ts';
import { revealNationalId, showMember } from '../../service/members.ts';
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
    'The record and its decoded ledger. The national ID is masked; `reveal=national_id` shows it in full to the member themself and to a secretary, ' +
    'organizer or clerk over the member’s org (every reveal is audited).',
  request: {
    params: z.object({ id: MemberId }),
    query: z.object({ reveal: z.enum(['national_id']).optional() }),
  },
  responses: {
    200: { description: 'The member', content: { 'application/json': { schema: Member } } },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { reveal } = c.req.valid('query');
    await memberFor(c, id, reveal ? 'member:national_id' : 'member:read');
    const deps = c.var.deps;
    const credential = await currentCredential(deps, id);
    const shown = await showMember(deps, id);
    if (reveal) Object.assign(c.var.audit, { always: true, action: 'reveal national_id' });
    return c.json(
      {
        ...shown,
        credential,
        nationalId: reveal ? await revealNationalId(deps, id) : shown.nationalId,
        nationalIdRevealed: reveal !== undefined,
      },
      200,
    );
  });
}
