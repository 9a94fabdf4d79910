import { createRoute } from '@hono/zod-openapi';
import { importOrgs, readTable } from '../../service/import.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';
import { fileBytes, ImportBody, ImportReportSchema } from './imports-members.ts';

const route = createRoute({
  method: 'post',
  path: '/api/imports/orgs',
  tags: ['orgs'],
  summary: '导入组织架构 · Import an org tree',
  description:
    'Columns 编码, 名称, 类型 (党委/党总支/党支部/党小组), 上级编码; rows in any order. Each new org gets a key certified by its parent. An existing 编码 is never changed: how the row differs is reported. Secretary or organizer of a 党委 (or the root) over `org`; every new org must sit under it.',
  request: { body: { required: true, content: { 'application/json': { schema: ImportBody } } } },
  responses: {
    200: {
      description: 'The report',
      content: { 'application/json': { schema: ImportReportSchema } },
    },
    ...problems(...AUTHED, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    officerOf(c);
    const body = c.req.valid('json');
    await authorise(c, 'orgs:manage', [body.org]);
    const table = await readTable(fileBytes(body.file), body.format);
    const report = await importOrgs(c.var.deps, table, {
      scope: body.org,
      ...(body.dryRun ? { dryRun: true } : {}),
      ...(body.skipInvalid ? { skipInvalid: true } : {}),
    });
    c.var.audit.org = body.org;
    c.var.audit.target = body.org;
    c.var.audit.detail = {
      rows: report.rows,
      invalid: report.invalidRows,
      created: report.imported ? report.created.length : 0,
      dryRun: report.dryRun,
    };
    if (report.imported && report.created.length > 0) await c.var.cache.snapshot(true); // the new orgs, now
    return c.json(report, 200);
  });
}
