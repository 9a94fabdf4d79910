import { createRoute } from '@hono/zod-openapi';
import { fileAnnual } from '../../service/filings.ts';
import { authorise, officerOf } from '../auth.ts';
import type { App } from '../env.ts';
import { AUTHED, problems } from '../openapi.ts';
import { FileBody, FilingParams, Signed } from './filings-shared.ts';

const route = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/filings/{year}',
  tags: ['filings'],
  summary: '上报 · File the org’s annual statistics',
  description:
    'Computes the figures from the ledger as of the newest log checkpoint, checks the 审核要点 (every child accepted or exempted; ' +
    'the balance closes or is explained; the opening is last year’s filed closing or is explained; large changes explained; name ' +
    'lists for restored, stopped and the difference; closing = direct members + children’s accepted closings), signs them with the ' +
    'org’s key with the cover fields, and logs the filing. A filing awaiting review or accepted cannot be refiled (422).',
  request: {
    params: FilingParams,
    body: { required: true, content: { 'application/json': { schema: FileBody } } },
  },
  responses: {
    201: { description: 'Filed', content: { 'application/json': { schema: Signed } } },
    ...problems(...AUTHED, 404, 409, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const { id, year } = c.req.valid('param');
    const body = c.req.valid('json');
    await c.var.cache.treeHaving(id);
    await authorise(c, 'filings:file', [id]);
    c.var.audit.org = id;
    c.var.audit.action = 'file';
    const f = await fileAnnual(c.var.deps, { org: id, year, officer: officer.accountId, ...body });
    c.var.audit.target = f.hash;
    return c.json({ org: id, year, kind: 'filed', hash: f.hash, jws: f.jws }, 201);
  });
}
