import { createRoute } from '@hono/zod-openapi';
import { enroll, EnrollInput } from '../../service/members.ts';
import { actAs, officerOf } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

// The service's schema (one copy of the rules) plus who signs. Its fields were
// made before zod-openapi extended zod, so their examples go through zod's own
// .meta(), which the document generator reads too.
const Enroll = EnrollInput.extend({
  org: OrgId,
  birth: EnrollInput.shape.birth.meta({ example: '1949-12-31' }),
  nationalId: EnrollInput.shape.nationalId.meta({ example: '11010519491231002X' }),
  joined: EnrollInput.shape.joined.meta({ example: '2010-07-01' }),
  as: OrgId.optional().openapi({ description: 'The org to sign as (default: your role’s org)' }),
}).openapi('Enrolment');

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
