import { createRoute } from '@hono/zod-openapi';
import { listAudit } from '../../service/audit.ts';
import { subtreeOf } from '../../service/authorisation.ts';
import { authorise } from '../auth.ts';
import { AUTHED, problems, z } from '../openapi.ts';
import { OrgId } from '../schemas.ts';
import type { App } from '../env.ts';

const AuditEvent = z
  .object({
    id: z.number().int(),
    at: z.string(),
    requestId: z.string(),
    actor: z.object({ kind: z.string(), id: z.string().nullable() }),
    org: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    outcome: z.string(),
    status: z.number().int(),
    address: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
  })
  .openapi('AuditEvent');

const route = createRoute({
  method: 'get',
  path: '/api/orgs/{id}/audit',
  tags: ['audit'],
  summary: '审计记录 · The audit trail of a subtree',
  description:
    'Newest first. Upper committees (a 党委 or the root; secretary or organizer) read their subtree’s trail. Page with `before` = the last id seen. The root’s trail also has the events of no org (anonymous requests, unknown user names).',
  request: {
    params: z.object({ id: OrgId }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      before: z.coerce.number().int().min(1).optional(),
    }),
  },
  responses: {
    200: {
      description: 'Audit events',
      content: { 'application/json': { schema: z.object({ events: z.array(AuditEvent) }) } },
    },
    ...problems(...AUTHED, 404),
  },
});

export function register(app: App) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const { limit, before } = c.req.valid('query');
    const tree = await c.var.cache.treeHaving(id);
    await authorise(c, 'audit:read', [id]);
    // The root's trail also holds what belongs to no org: anonymous requests, logins with unknown names.
    const unattributed = tree.get(id)!.parent === null;
    const events = await listAudit(
      c.var.deps,
      subtreeOf(tree, [id]),
      before === undefined ? { limit, unattributed } : { limit, before, unattributed },
    );
    return c.json({ events }, 200);
  });
}
