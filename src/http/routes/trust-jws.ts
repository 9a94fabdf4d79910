import { createRoute } from '@hono/zod-openapi';
import { z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/.well-known/pmc/trust.jws',
  tags: ['trust'],
  summary: '签名信任列表 · The trust list signed by the root',
  description:
    'The same document as trust.json as a compact JWS (`typ: pmc-trust+jwt`) signed by the root key: check it with keys/root.jwk alone.',
  security: [],
  responses: {
    200: { description: 'Compact JWS', content: { 'application/jose': { schema: z.string() } } },
    304: { description: 'Not modified (If-None-Match)' },
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { text, etag } = await c.var.cache.signed();
    const headers = {
      ETag: etag,
      'Cache-Control': `public, max-age=${c.var.config.trustMaxAgeSeconds}`,
      'Access-Control-Allow-Origin': '*',
    };
    if (
      c.req
        .header('If-None-Match')
        ?.split(/\s*,\s*/)
        .includes(etag)
    )
      return c.body(null, 304, headers);
    return c.body(text, 200, { ...headers, 'Content-Type': 'application/jose' });
  });
}
