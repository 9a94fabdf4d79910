import { createRoute } from '@hono/zod-openapi';
import { pullFilings } from '../../service/filing-verdict.ts';
import { authorise } from '../auth.ts';
import type { App } from '../env.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { FilingParams } from './filings-shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/filings/{year}',
  tags: ['filings'],
  summary: '逐级报备 · The org’s annual filing and its children’s, with verdicts',
  description:
    'Each child: state (等待下级上报 / 可上报 / 已上报 / 已接收 / 已退回), version, filed at and by, lateness against the deadline ' +
    'or its extension, and a verdict — signature valid, stored figures equal to the signed ones, children’s hashes equal to their ' +
    'accepted filings, figures equal to a recomputation from the ledger as of the filing’s checkpoint (differences field by field), ' +
    'and entries dated on or before the cut-off that entered the log after that checkpoint (backdated). Plus the reporting rate.',
  request: { params: FilingParams },
  responses: {
    200: {
      description: 'The filings',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id, year } = c.req.valid('param');
    await c.var.cache.treeHaving(id);
    await authorise(c, 'filings:read', [id]);
    return c.json(await pullFilings(c.var.deps, id, year), 200);
  });
}
