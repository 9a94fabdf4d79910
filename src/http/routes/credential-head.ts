import { createRoute } from '@hono/zod-openapi';
import { loadMember } from '../../service/members.ts';
import { problems, z } from '../openapi.ts';
import { MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/.well-known/pmc/head/{id}',
  tags: ['trust'],
  summary: '最新状态 · Whether a credential is the current state',
  description:
    'Public, for the offline verify page when online: the length (`seq`) and newest entry hash (`hd`) of a member’s ledger, nothing else — ' +
    'a credential whose `seq`/`hd` differ is stale. The member id is the `sub` the QR already shows.',
  security: [],
  request: { params: z.object({ id: MemberId }) },
  responses: {
    200: {
      description: 'The current head',
      content: {
        'application/json': {
          schema: z.object({ member: z.string(), seq: z.number().int(), hd: z.string() }),
        },
      },
    },
    ...problems(404, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { state } = await loadMember(c.var.deps, id);
    c.header('Cache-Control', 'no-cache');
    return c.json({ member: id, seq: state.seq, hd: state.head ?? '' }, 200);
  });
}
