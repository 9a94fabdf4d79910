import { createRoute } from '@hono/zod-openapi';
import { CATEGORIES, PERSONNEL } from '../../domain/types.ts';
import { enroll } from '../../service/members.ts';
import { actAs, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .openapi({ example: '2010-07-01' });

const Enroll = z
  .strictObject({
    org: OrgId,
    name: z.string().trim().min(1).max(50),
    gender: z.enum(['M', 'F']),
    ethnicity: z.string().trim().min(1).max(20).optional(),
    birth: date,
    nationalId: z.string().trim().min(15).max(18).openapi({ example: '11010519491231002X' }),
    joined: date,
    fullOn: date.optional(),
    category: z.enum(CATEGORIES).optional(),
    personnel: z.enum(PERSONNEL).optional(),
    cadre: z.boolean().optional(),
    as: OrgId.optional().openapi({ description: 'The org to sign as (default: your role’s org)' }),
  })
  .openapi('Enrolment');

const route = createRoute({
  method: 'post',
  path: '/api/members',
  tags: ['members'],
  summary: '入党登记 · Enroll a member',
  description:
    'Signs the `enroll` entry and the first credential. Secretary, organizer or clerk over `org`. The national ID (GB 11643 checked) is sealed and never put in the QR.',
  request: { body: { required: true, content: { 'application/json': { schema: Enroll } } } },
  responses: {
    201: {
      description: 'Enrolled',
      content: {
        'application/json': { schema: z.object({ id: z.string(), credential: z.string() }) },
      },
    },
    ...problems(...AUTHED, 404, 413, 415, 422, 503),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const { as, ...input } = c.req.valid('json');
    const org = await actAs(c, 'member:enroll', [input.org], as);
    const result = await enroll(c.var.deps, input, { org, officer: officer.accountId });
    c.var.audit.target = result.id;
    return c.json(result, 201);
  });
}
