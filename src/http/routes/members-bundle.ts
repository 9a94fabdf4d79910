import { createRoute } from '@hono/zod-openapi';
import { BUNDLE_MEDIA_TYPE } from '../../crypto/bundle.ts';
import { exportBundle } from '../../service/bundle.ts';
import { currentCredential } from '../../service/credential-refresh.ts';
import { memberFor } from '../member-access.ts';
import { AUTHED, LOG_UNAVAILABLE, problems, z } from '../openapi.ts';
import { MemberId } from '../schemas.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'get',
  path: '/api/members/{id}/bundle',
  tags: ['members'],
  summary: '证书包 · A member’s full certificate bundle',
  description:
    'Credential, every signed entry, key certificates up to the root: `pmcert verify bundle.json --root root.jwk` checks it offline.',
  request: { params: z.object({ id: MemberId }) },
  responses: {
    200: {
      description: 'The bundle (DESIGN §4)',
      content: { [BUNDLE_MEDIA_TYPE]: { schema: z.record(z.string(), z.unknown()) } },
    },
    ...problems(...AUTHED, 404),
    ...LOG_UNAVAILABLE,
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    await memberFor(c, id, 'member:read');
    await currentCredential(c.var.deps, id);
    const bundle = await exportBundle(c.var.deps, id);
    return c.json(bundle as unknown as Record<string, unknown>, 200, {
      'Content-Type': BUNDLE_MEDIA_TYPE,
      'Content-Disposition': `attachment; filename="pmc-bundle-${id}.json"`,
    });
  });
}
