import { createRoute } from '@hono/zod-openapi';
import { freshCheckpoint } from '../../service/log.ts';
import { LOG_UNAVAILABLE, z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/log/checkpoint',
  tags: ['log'],
  summary: '透明日志检查点 · The newest signed checkpoint',
  description:
    'C2SP tlog-checkpoint in signed-note form (origin, tree size, root; signed by the log key, which the root certifies — see `log` in trust.json). ' +
    "Go's golang.org/x/mod/sumdb/note verifies it unchanged. A new one is signed at least every few seconds while entries arrive.",
  security: [],
  responses: {
    200: { description: 'Signed note', content: { 'text/plain': { schema: z.string() } } },
    ...LOG_UNAVAILABLE,
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const cp = await freshCheckpoint(c.var.deps);
    return c.text(cp.note, 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=1',
      'Access-Control-Allow-Origin': '*',
    });
  });
}
