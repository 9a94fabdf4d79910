import { createRoute } from '@hono/zod-openapi';
import { z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/.well-known/pmc/trust.json',
  tags: ['trust'],
  summary: '信任列表 · The trust list',
  description:
    'The root JWK, every organisation and its keys with certificates and revocations (DESIGN §4). Public; ETag and short caching.',
  security: [],
  responses: {
    200: {
      description: 'The trust list',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    304: { description: 'Not modified (If-None-Match)' },
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const snap = await c.var.cache.snapshot();
    const headers = {
      ETag: snap.etag,
      'Cache-Control': `public, max-age=${c.var.config.trustMaxAgeSeconds}`,
      'Access-Control-Allow-Origin': '*',
    };
    if (
      c.req
        .header('If-None-Match')
        ?.split(/\s*,\s*/)
        .includes(snap.etag)
    )
      return c.body(null, 304, headers);
    return c.body(snap.json, 200, { ...headers, 'Content-Type': 'application/json' });
  });
}
