import { createRoute } from '@hono/zod-openapi';
import { duesTemplate } from '../../service/dues.ts';
import { duesCsv } from '../../service/dues-table.ts';
import { authorise } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

export const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')
  .openapi({ example: '2026-07' });

export const DuesTemplateRow = z
  .object({
    member: z.string(),
    name: z.string(),
    month: z.string(),
    kind: z
      .string()
      .openapi({ description: '在职 · 离退休 · 学生 · 低收入 (blank when never declared)' }),
    base: z.string().openapi({ description: 'monthly after-tax income in 元, two decimals' }),
    standard: z.string().openapi({ description: 'the standard amount in 元 by the 2008 bands' }),
    amount: z.string().openapi({ description: 'prefilled with the standard; blank = unpaid' }),
    replaces: z.string(),
  })
  .openapi('DuesTemplateRow');

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/dues/{month}',
  tags: ['dues'],
  summary: '党费表 · The prefilled dues table of a branch-month',
  description:
    'Every member whose relationship the org holds (the origin’s while in transit) and who has not paid that month, ' +
    'with the declared base and kind and the standard amount. `?format=csv` answers the same table as CSV ' +
    '(UTF-8 with BOM, Chinese headers) to fill in and record with POST.',
  request: {
    params: z.object({ id: OrgId, month: Month }),
    query: z.object({ format: z.enum(['json', 'csv']).optional() }),
  },
  responses: {
    200: {
      description: 'The table',
      content: {
        'application/json': {
          schema: z.object({ org: z.string(), month: z.string(), rows: z.array(DuesTemplateRow) }),
        },
        'text/csv': { schema: z.string() },
      },
    },
    ...problems(...AUTHED, 404, 422),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id, month } = c.req.valid('param');
    await c.var.cache.treeHaving(id);
    await authorise(c, 'dues:read', [id]);
    const rows = await duesTemplate(c.var.deps, id, month);
    if (c.req.valid('query').format === 'csv') {
      return c.body(duesCsv(rows), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="dues-${id}-${month}.csv"`,
      }) as never;
    }
    return c.json({ org: id, month, rows }, 200);
  });
}
