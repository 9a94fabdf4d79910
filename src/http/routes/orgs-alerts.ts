import { createRoute } from '@hono/zod-openapi';
import { alertsFor } from '../../service/alerts.ts';
import { subtreeOf } from '../../service/authorisation.ts';
import { todayOf } from '../../domain/dates.ts';
import { authorise } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId, Titles } from '../schemas.ts';
import type { App } from '../env.ts';

const Alert = z
  .object({
    type: z.enum([
      'arrival_awaiting',
      'transfer_overdue',
      'temp_overdue',
      'stopped_overdue',
      'hr_unmatched',
      'dues_warn',
      'dues_lapse',
    ]),
    title: Titles,
    member: z.object({ id: z.string(), name: z.string(), org: z.string() }).nullable(),
    daysOverdue: z.number().int(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('Alert');

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/alerts',
  tags: ['alerts'],
  summary: '预警 · Alerts for an organisation’s subtree',
  description:
    'Arrivals this subtree awaits (待报到); transfers out of it past their deadline, with days overdue (the 口袋党员 risk); ' +
    '证明信 not signed back after their end date; personnel moves (POST /api/hr/moves) with no transfer_out within the configured days: ' +
    '“行政关系已转、组织关系未转”, shown at both organisations.',
  request: { params: z.object({ id: OrgId }) },
  responses: {
    200: {
      description: 'Alerts',
      content: {
        'application/json': {
          schema: z.object({ org: z.string(), today: z.string(), alerts: z.array(Alert) }),
        },
      },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const tree = await c.var.cache.treeHaving(id);
    await authorise(c, 'alerts:read', [id]);
    const alerts = await alertsFor(c.var.deps, subtreeOf(tree, [id]), {
      hrDays: c.var.config.hrTransferDays,
    });
    return c.json({ org: id, today: todayOf(c.var.deps.now()), alerts }, 200);
  });
}
