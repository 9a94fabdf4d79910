import { createRoute } from '@hono/zod-openapi';
import { z } from '../openapi.ts';
import type { App } from '../env.ts';

/** The body of GET /healthz; a Worker answers it without building its app (no database needed). */
export const healthzResponse = (): Response =>
  new Response(JSON.stringify({ status: 'ok' }), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: '进程存活 · The process is up',
  description:
    'Liveness: 200 while the process answers, whatever the database does (it reads nothing). ' +
    'Whether requests can be served is /readyz.',
  security: [],
  responses: {
    200: {
      description: 'The process is up',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
});

export function register(app: App) {
  app.openapi(route, () => healthzResponse() as never);
}
