import { createRoute } from '@hono/zod-openapi';
import { schemaStatusOf } from '../../service/schema.ts';
import { schemaBehindProblem } from '../problem.ts';
import { problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['health'],
  summary: '可以服务 · Ready to serve',
  description:
    'Readiness: 200 when the database answers and its schema is the one this release needs; ' +
    '503 problem+json with Retry-After otherwise — `code` DATABASE_UNAVAILABLE (unreachable) or SCHEMA_BEHIND (run `pmcert migrate`).',
  security: [],
  responses: {
    200: {
      description: 'Database reachable, schema current',
      content: {
        'application/json': {
          schema: z.object({
            status: z.literal('ready'),
            schema: z.object({ migrations: z.number().int(), newest: z.string() }),
          }),
        },
      },
    },
    ...problems(503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    // A database error is thrown on: the app's error handler makes it the 503 DATABASE_UNAVAILABLE problem.
    const status = await schemaStatusOf(c.var.deps);
    if (!status.current) return schemaBehindProblem(status, c.req.path) as never;
    return c.json(
      {
        status: 'ready' as const,
        schema: { migrations: status.expected.length, newest: status.expected.at(-1) ?? '' },
      },
      200,
      { 'Cache-Control': 'no-store' },
    );
  });
}
