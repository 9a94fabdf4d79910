import { readTile } from '../../service/log.ts';
import type { App } from '../env.ts';

/**
 * C2SP tlog-tiles: `/log/tile/<L>/<N>[.p/<W>]` (hash tiles) and
 * `/log/tile/entries/<N>[.p/<W>]` (entry bundles). The path has slashes in
 * the index, so this is a plain route, documented by hand in the OpenAPI
 * registry. Full tiles are immutable: a CDN may keep them for ever.
 */
export function register(app: App) {
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/log/tile/{tilePath}',
    tags: ['log'],
    summary: '日志瓦片 · Log tiles (C2SP tlog-tiles)',
    description:
      '`tile/<L>/<N>[.p/<W>]`: W (≤ 256) hashes of tree level 8·L from index N·256; `tile/entries/<N>[.p/<W>]`: entry bundles ' +
      '(uint16 length + 32-byte entry hash each). N is written in 3-digit groups (`x001/x234/067`). Full tiles never change.',
    security: [],
    responses: {
      200: {
        description: 'Binary tile',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
    },
  });
  app.get('/log/tile/*', async (c) => {
    const path = c.req.path.slice('/log/'.length);
    const { body, immutable } = await readTile(c.var.deps, path);
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=1',
      'Access-Control-Allow-Origin': '*',
    });
  });
}
