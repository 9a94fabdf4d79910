import { createRoute } from '@hono/zod-openapi';
import { actionsFor, SCAN_KINDS } from '../../service/actions.ts';
import { loadMember } from '../../service/members.ts';
import { officerOf } from '../auth.ts';
import type { App } from '../env.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberId } from '../schemas.ts';

const Kind = z.enum(SCAN_KINDS);

const route = createRoute({
  method: 'get',
  path: '/api/members/{id}/actions',
  tags: ['endorsements'],
  summary: '可办理的签注 · What you may sign for this member now',
  description:
    'For the scan page: each endorsement it offers that you may sign for this member in their current state, the org you would sign as, and the ' +
    'form defaults; and each one you may not, with the reason (`NOT_AUTHORISED`, or the ledger rule’s: `IN_TRANSIT`, `NOT_IN_TRANSIT`, …). ' +
    'Computed from the authorisation matrix and the ledger rules, the same checks POST /api/endorsements makes. Officers only; ' +
    'an officer with no action here learns only that (`actions: []`).',
  request: { params: z.object({ id: MemberId }) },
  responses: {
    200: {
      description: 'The actions',
      content: {
        'application/json': {
          schema: z.object({
            member: z.string(),
            head: z.object({ seq: z.number().int(), hd: z.string() }),
            actions: z.array(
              z.object({
                kind: Kind,
                as: z.string(),
                defaults: z.record(z.string(), z.union([z.string(), z.number()])),
              }),
            ),
            unavailable: z.array(z.object({ kind: Kind, reason: z.string(), message: z.string() })),
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
    const { id } = c.req.valid('param');
    c.var.audit.target = id;
    const { state } = await loadMember(c.var.deps, id);
    const { deps, cache } = c.var;
    const r = actionsFor(officer, state, {
      tree: await cache.tree(),
      rules: deps.rules,
      now: deps.now(),
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ member: id, head: { seq: state.seq, hd: state.head ?? '' }, ...r }, 200);
  });
}
