import { createRoute } from '@hono/zod-openapi';
import { currentCredential } from '../../service/credential-refresh.ts';
import { qrText, renderQrSvg } from '../../service/qr.ts';
import { memberFor } from '../member-access.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/members/{id}/qr.svg',
  tags: ['members'],
  summary: '二维码 (SVG) · The member’s QR code',
  description:
    'Encodes `<PUBLIC_URL>/v#<credential>` (byte mode, ECC M): any phone camera opens the verify page.',
  request: { params: z.object({ id: MemberId }) },
  responses: {
    200: { description: 'QR code', content: { 'image/svg+xml': { schema: z.string() } } },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    await memberFor(c, id, 'member:read');
    const svg = await renderQrSvg(
      qrText(c.var.deps.publicUrl, await currentCredential(c.var.deps, id)),
    );
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'private, no-store',
    });
  });
}
