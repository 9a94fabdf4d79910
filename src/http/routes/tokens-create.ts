import { createRoute } from '@hono/zod-openapi';
import { TOKEN_ABILITIES } from '../../service/authorisation.ts';
import { createApiToken, tokenView } from '../../service/tokens.ts';
import { authorise, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const CreateToken = z
  .strictObject({
    org: OrgId,
    name: z.string().trim().min(1).max(100).openapi({ example: '人事系统' }),
    abilities: z.array(z.enum(TOKEN_ABILITIES)).min(1).max(TOKEN_ABILITIES.length),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('CreateToken');

export const TokenView = z
  .object({
    id: z.string(),
    org: z.string(),
    name: z.string(),
    abilities: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .openapi('ApiToken');

const route = createRoute({
  method: 'post',
  path: '/api/tokens',
  tags: ['tokens'],
  summary: '创建 API 令牌 · Create an API token',
  description:
    'For machine clients (the HR system). Scoped to `org`’s subtree and to the abilities named. The `token` is shown once; only its hash is kept. Secretaries only.',
  request: { body: { required: true, content: { 'application/json': { schema: CreateToken } } } },
  responses: {
    201: {
      description: 'Created',
      content: {
        'application/json': {
          schema: TokenView.extend({ token: z.string().openapi({ description: 'Shown once' }) }),
        },
      },
    },
    ...problems(...AUTHED, 404, 413, 415, 422),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const input = c.req.valid('json');
    await authorise(c, 'tokens:manage', [input.org]);
    c.var.audit.org = input.org;
    const { row, token } = await createApiToken(c.var.deps, input, officer.accountId);
    c.var.audit.target = row.id;
    return c.json({ ...tokenView(row), token }, 201);
  });
}
