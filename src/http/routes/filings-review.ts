import { createRoute } from '@hono/zod-openapi';
import { exemptFiling, extendFiling, reviewFiling } from '../../service/filings.ts';
import { NotFound } from '../../errors.ts';
import { authorise, officerOf } from '../auth.ts';
import type { App, AppEnv } from '../env.ts';
import { AUTHED, problems } from '../openapi.ts';
import { ExemptBody, ExtendBody, FilingParams, ReviewBody, Signed } from './filings-shared.ts';
import type { Context } from 'hono';

const responses = {
  201: { description: 'Signed by the parent', content: { 'application/json': { schema: Signed } } },
  ...problems(...AUTHED, 404, 409, 413, 415, 422, 503),
};

const review = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/filings/{year}/review',
  tags: ['filings'],
  summary: '接收 / 退回 · The parent accepts or returns a child’s filing',
  description:
    '`id` is the child. Signed by the child’s parent, of its newest filed version; a return needs a reason and the child refiles ' +
    'as a new version. Acceptance locks the figures.',
  request: {
    params: FilingParams,
    body: { required: true, content: { 'application/json': { schema: ReviewBody } } },
  },
  responses,
});

const exempt = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/filings/{year}/exempt',
  tags: ['filings'],
  summary: '免报 / 允许迟报 · The parent exempts a child, or lets it be late',
  description: '`id` is the child; a reason is required. The parent may then file over it.',
  request: {
    params: FilingParams,
    body: { required: true, content: { 'application/json': { schema: ExemptBody } } },
  },
  responses,
});

const extend = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/filings/{year}/extend',
  tags: ['filings'],
  summary: '延期 · The parent grants a child a time-boxed exception to the deadline',
  request: {
    params: FilingParams,
    body: { required: true, content: { 'application/json': { schema: ExtendBody } } },
  },
  responses,
});

/** The child's parent, which signs; the caller must hold filings:review over it. */
async function asParent(c: Context<AppEnv>, child: string): Promise<string> {
  const tree = await c.var.cache.treeHaving(child);
  const parent = tree.get(child)?.parent;
  if (!parent) throw new NotFound('parent organisation of', child, 'id');
  await authorise(c, 'filings:review', [parent]);
  c.var.audit.org = parent;
  return parent;
}

export function register(app: App) {
  app.openapi(review, async (c) => {
    const officer = officerOf(c);
    const { id, year } = c.req.valid('param');
    const body = c.req.valid('json');
    await asParent(c, id);
    c.var.audit.action = body.action;
    const f = await reviewFiling(c.var.deps, {
      child: id,
      year,
      action: body.action,
      ...(body.reason !== undefined ? { reason: body.reason } : {}),
      officer: officer.accountId,
    });
    c.var.audit.target = f.hash;
    return c.json({ org: id, year, kind: body.action, hash: f.hash, jws: f.jws }, 201);
  });
  app.openapi(exempt, async (c) => {
    const officer = officerOf(c);
    const { id, year } = c.req.valid('param');
    const body = c.req.valid('json');
    await asParent(c, id);
    c.var.audit.action = 'exempt';
    const f = await exemptFiling(c.var.deps, {
      child: id,
      year,
      ...body,
      officer: officer.accountId,
    });
    c.var.audit.target = f.hash;
    return c.json({ org: id, year, kind: 'exempted', hash: f.hash, jws: f.jws }, 201);
  });
  app.openapi(extend, async (c) => {
    const officer = officerOf(c);
    const { id, year } = c.req.valid('param');
    const body = c.req.valid('json');
    await asParent(c, id);
    c.var.audit.action = 'extend';
    const f = await extendFiling(c.var.deps, {
      child: id,
      year,
      ...body,
      officer: officer.accountId,
    });
    c.var.audit.target = f.hash;
    return c.json({ org: id, year, kind: 'extended', hash: f.hash, jws: f.jws }, 201);
  });
}
