import { createRoute } from '@hono/zod-openapi';
import { figuresForFiling } from '../../service/filings.ts';
import { authorise } from '../auth.ts';
import type { App } from '../env.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { FilingParams } from './filings-shared.ts';

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/filings/{year}/figures',
  tags: ['filings'],
  summary: '年度党内统计 · The figures as they compute now (not signed)',
  description:
    'The year’s indicators of the org’s subtree from the ledger: the table-1 balance (opening = last year’s filed closing when ' +
    'there is one), structure at the cut-off, transfers, 证明信, dues, organisations by type.',
  request: { params: FilingParams },
  responses: {
    200: {
      description: 'The figures',
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
    const { figures } = await figuresForFiling(c.var.deps, id, year);
    return c.json(figures, 200);
  });
}
