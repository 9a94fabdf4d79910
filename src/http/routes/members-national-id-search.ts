import { createRoute } from '@hono/zod-openapi';
import { maskNationalId } from '../../domain/national-id.ts';
import { NotAuthorised, PmcError } from '../../errors.ts';
import { grantingOrgs } from '../../service/authorisation.ts';
import { findByNationalId } from '../../service/national-id-search.ts';
import { officerOf } from '../auth.ts';
import { memberFor } from '../member-access.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import type { App } from '../env.ts';

const route = createRoute({
  method: 'post',
  path: '/api/members/national-id-search',
  tags: ['members'],
  summary: '按身份证号查找 · Find a member by national ID',
  description:
    'Exact match on the national ID’s keyed hash (never a scan of decrypted IDs), for officers who may reveal national IDs (member:national_id: secretary, organizer, clerk). A member outside your organisations is not found (the answer does not say whether they exist elsewhere). A POST, so the ID stays out of URLs and logs; every search is audited with the ID masked.',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({
              nationalId: z
                .string()
                .trim()
                .min(1)
                .max(40)
                .openapi({ example: '11010519491231002X' }),
            })
            .openapi('NationalIdSearch'),
        },
      },
    },
  },
  responses: {
    200: {
      description: 'The member (none, or one)',
      content: {
        'application/json': {
          schema: z.object({
            members: z.array(
              z.object({ id: z.string(), name: z.string(), org: z.string(), status: z.string() }),
            ),
          }),
        },
      },
    },
    ...problems(...AUTHED, 413, 415, 422),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const officer = officerOf(c);
    const granting = grantingOrgs(officer, 'member:national_id');
    if (granting.length === 0)
      throw new NotAuthorised('searching by national ID needs member:national_id');
    const { nationalId } = c.req.valid('json');
    Object.assign(c.var.audit, { always: true, action: 'search national_id', org: granting[0] });
    const row = await findByNationalId(c.var.deps, nationalId);
    c.var.audit.detail = { nationalId: maskNationalId(nationalId), found: false };
    c.header('Cache-Control', 'no-store');
    if (!row) return c.json({ members: [] }, 200);
    try {
      await memberFor(c, row.id, 'member:national_id');
    } catch (err) {
      if (err instanceof PmcError && err.code === 'NOT_AUTHORISED') {
        // Outside the caller's organisations: not found, and the record stays under the caller's org.
        c.var.audit.target = undefined;
        c.var.audit.org = granting[0];
        return c.json({ members: [] }, 200);
      }
      throw err;
    }
    c.var.audit.detail = { nationalId: maskNationalId(nationalId), found: true };
    return c.json(
      { members: [{ id: row.id, name: row.name, org: row.orgId, status: row.status }] },
      200,
    );
  });
}
