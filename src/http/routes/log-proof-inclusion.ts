import { createRoute } from '@hono/zod-openapi';
import { toBase64 } from '../../crypto/merkle/bytes.ts';
import { proveInclusion } from '../../service/log.ts';
import { LOG_UNAVAILABLE, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const Index = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const route = createRoute({
  method: 'get',
  path: '/log/proof/inclusion',
  tags: ['log'],
  summary: '包含证明 · Inclusion proof',
  description:
    'RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves (a checkpointed size), hashes in standard base64, leaf side first.',
  security: [],
  request: { query: z.object({ index: Index, size: Index }) },
  responses: {
    200: {
      description: 'The proof',
      content: { 'application/json': { schema: z.object({ hashes: z.array(z.string()) }) } },
    },
    ...problems(400),
    ...LOG_UNAVAILABLE,
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { index, size } = c.req.valid('query');
    const hashes = (await proveInclusion(c.var.deps, index, size)).map(toBase64);
    // A proof for a fixed (index, size) never changes.
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({ hashes }, 200);
  });
}
