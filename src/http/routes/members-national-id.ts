import { createRoute } from '@hono/zod-openapi';
import { revealNationalId } from '../../service/members.ts';
import { memberFor } from '../member-access.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'post',
  path: '/api/members/{id}/national-id',
  tags: ['members'],
  summary: '查看完整身份证号 · Reveal a member’s national ID',
  description:
    'The full national ID, to the member themself and to a secretary, organizer or clerk over the member’s org (or the destination of their open transfer). ' +
    'A POST (with `X-CSRF-Token` under a session), so a cross-site link or image cannot trigger it; no body is needed. Every reveal is audited.',
  request: { params: z.object({ id: MemberId }) },
  responses: {
    200: {
      description: 'The national ID',
      content: {
        'application/json': {
          schema: z.object({ id: z.string(), nationalId: z.string() }),
        },
      },
    },
    ...problems(...AUTHED, 404, 415),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    await memberFor(c, id, 'member:national_id');
    Object.assign(c.var.audit, { always: true, action: 'reveal national_id' });
    c.header('Cache-Control', 'no-store');
    return c.json({ id, nationalId: await revealNationalId(c.var.deps, id) }, 200);
  });
}
