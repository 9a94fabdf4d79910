import { createRoute } from '@hono/zod-openapi';
import { gzippedBackup } from '../../service/backup.ts';
import { authorise } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/backup',
  tags: ['admin'],
  summary: '整库备份 · Back up the running installation',
  description:
    'Every table, read in one consistent snapshot while the server keeps serving, as gzipped JSON lines: ' +
    'the file `pmcert restore` reads (`pmcert backup FILE --server URL` fetches it). Sealed national IDs stay sealed ' +
    'and the key-encryption key is never in it. A secretary at the root, or a root token with `backup:read`. Audited.',
  responses: {
    200: {
      description: 'The backup (application/gzip)',
      content: { 'application/gzip': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problems(...AUTHED),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const tree = await c.var.cache.tree();
    const root = [...tree.values()].find((o) => o.type === 'root');
    await authorise(c, 'backup:read', root ? [root.id] : []);
    Object.assign(c.var.audit, { always: true, action: 'backup' });
    const at = new Date();
    const { bytes } = await gzippedBackup(c.var.deps.db, at);
    const name = `pmcert-${at.toISOString().slice(0, 19).replaceAll(':', '')}Z.jsonl.gz`;
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'Content-Type': 'application/gzip',
        'Content-Disposition': `attachment; filename="${name}"`,
        'Cache-Control': 'no-store',
      },
    }) as never;
  });
}
