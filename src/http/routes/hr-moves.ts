import { createRoute } from '@hono/zod-openapi';
import { NotAuthorised } from '../../errors.ts';
import { HrMoveInput, recordHrMove } from '../../service/hr.ts';
import { mayActOn } from '../../service/authorisation.ts';
import { authorise, principalOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const Move = z
  .strictObject({
    nationalId: z.string().trim().min(15).max(18).openapi({ example: '11010519491231002X' }),
    name: z.string().trim().min(1).max(50).optional(),
    from: OrgId.openapi({ description: 'The unit moved from, as its Party organisation’s id' }),
    to: OrgId.openapi({ description: 'The unit moved to, as its Party organisation’s id' }),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    reference: z.string().trim().min(1).max(100).optional().openapi({
      description: 'The HR system’s id of the move: posting it again returns the first record',
    }),
  })
  .openapi('HrMove');

const Recorded = z.object({
  created: z.boolean(),
  move: z.object({
    id: z.string(),
    nationalId: z.string(),
    name: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    date: z.string(),
    reference: z.string().nullable(),
  }),
  member: z.object({ id: z.string(), org: z.string(), status: z.string() }).nullable(),
});

const route = createRoute({
  method: 'post',
  path: '/api/hr/moves',
  tags: ['hr'],
  summary: '人事调动 · A personnel move from the HR system',
  description:
    'API token with the `hr:moves` ability, scoped to an org whose subtree holds `from` or `to` and, when the person is a member, the member’s org (403 otherwise, nothing stored). If no transfer_out of that person follows ' +
    'within the configured days (default 30), both organisations see the alert “行政关系已转、组织关系未转”.',
  security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: Move } } } },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: Recorded } } },
    200: {
      description: 'Already recorded (same reference)',
      content: { 'application/json': { schema: Recorded } },
    },
    ...problems(...AUTHED, 404, 413, 415, 422),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const p = principalOf(c);
    if (p.kind !== 'token')
      throw new NotAuthorised('personnel moves come from the HR system, with an API token');
    const input = c.req.valid('json');
    await authorise(c, 'hr:moves', [input.from, input.to]);
    c.var.audit.org = p.org;
    // The scope must cover the member's own org, not merely one end of the move.
    const tree = await c.var.cache.tree();
    const r = await recordHrMove(
      c.var.deps,
      input satisfies z.input<typeof HrMoveInput>,
      p.tokenId,
      (memberOrg) => mayActOn(tree, p, 'hr:moves', [memberOrg]),
    );
    c.var.audit.target = r.move.id;
    return r.created ? c.json(r, 201) : c.json(r, 200);
  });
}
