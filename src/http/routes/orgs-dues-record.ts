import { createRoute } from '@hono/zod-openapi';
import { recordDues } from '../../service/dues.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';
import { Month } from './orgs-dues-get.ts';

const cell = z.string().max(64).optional();
const Row = z.strictObject({
  row: z
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: 'the row number to name in errors (default: its position + 1)' }),
  member: z.string().max(64),
  month: cell,
  kind: cell,
  base: cell,
  amount: cell,
  replaces: cell,
  name: cell,
  standard: cell,
});

const Body = z
  .strictObject({
    rows: z.array(Row).min(1).max(2000),
    skipInvalid: z.boolean().optional().openapi({
      description:
        'record the valid rows and report the others (default: any invalid row records nothing)',
    }),
  })
  .openapi('DuesRecording');

const route = createRoute({
  method: 'post',
  path: '/api/orgs/{id}/dues/{month}',
  tags: ['dues'],
  summary: '记录党费 · Record a branch-month of dues as one signed batch',
  description:
    'Secretary, organizer or clerk over the org that holds the members’ relationship. Amounts in 元 with two decimals; ' +
    'a blank amount records the month unpaid; rows for earlier months are back-payments (at most 6 months); ' +
    '`replaces` names a line (`<batch id>#<index>`) a row corrects. All lines are signed ONCE by the org’s key and ' +
    'the batch enters the transparency log. Any invalid row: 422 listing every row and field in `errors`, nothing recorded.',
  request: {
    params: z.object({ id: OrgId, month: Month }),
    body: { required: true, content: { 'application/json': { schema: Body } } },
  },
  responses: {
    201: {
      description: 'Recorded',
      content: {
        'application/json': {
          schema: z.object({
            batch: z.string().nullable(),
            hash: z.string().nullable(),
            leafIndex: z.number().int().nullable(),
            lines: z.number().int(),
            totalFen: z.number().int(),
            signatures: z.number().int(),
            skipped: z.array(
              z.object({
                row: z.number().int(),
                field: z.string(),
                reason: z.string(),
                message: z.string(),
              }),
            ),
          }),
        },
      },
    },
    ...problems(...AUTHED, 404, 409, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id, month } = c.req.valid('param');
    const officer = officerOf(c);
    await c.var.cache.treeHaving(id);
    await authorise(c, 'dues:record', [id]);
    const body = c.req.valid('json');
    const rows = body.rows.map(({ row, name: _n, standard: _s, ...r }, i) => ({
      row: row ?? i + 1,
      ...r,
    }));
    const result = await recordDues(
      c.var.deps,
      { org: id, month, rows, skipInvalid: body.skipInvalid === true },
      { org: id, officer: officer.accountId },
    );
    c.var.audit.target = result.batch ?? `${id}/${month}`;
    return c.json(result, 201);
  });
}
