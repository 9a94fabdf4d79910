import { createRoute } from '@hono/zod-openapi';
import { toBase64 } from '../../crypto/merkle/bytes.ts';
import { proveConsistency } from '../../service/log.ts';
import { LOG_UNAVAILABLE, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const Size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const route = createRoute({
  method: 'get',
  path: '/log/proof/consistency',
  tags: ['log'],
  summary: '一致性证明 · Consistency proof',
  description:
    'RFC 9162 consistency proof from the tree of `from` leaves to the tree of `to` leaves (a checkpointed size), hashes in standard base64.',
  security: [],
  request: { query: z.object({ from: Size, to: Size }) },
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
    const { from, to } = c.req.valid('query');
    const hashes = (await proveConsistency(c.var.deps, from, to)).map(toBase64);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    c.header('Access-Control-Allow-Origin', '*');
    return c.json({ hashes }, 200);
  });
}
