import { createRoute } from '@hono/zod-openapi';
import { currentCredential } from '../../service/credential-refresh.ts';
import { cachedQrPng, MAX_PNG_SCALE, qrText } from '../../service/qr.ts';
import { memberFor } from '../member-access.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/members/{id}/qr.png',
  tags: ['members'],
  summary: '二维码 (PNG) · The member’s QR code',
  request: {
    params: z.object({ id: MemberId }),
    query: z.object({ scale: z.coerce.number().int().min(2).max(MAX_PNG_SCALE).default(6) }),
  },
  responses: {
    200: {
      description: 'QR code',
      content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { scale } = c.req.valid('query');
    await memberFor(c, id, 'member:read');
    const png = await cachedQrPng(
      qrText(c.var.deps.publicUrl, await currentCredential(c.var.deps, id)),
      scale,
    );
    return c.body(png as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'image/png',
      'Cache-Control': 'private, no-store',
    });
  });
}
