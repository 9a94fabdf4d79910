import type { MiddlewareHandler } from 'hono';
import { actorOf, outcomeOf, recordAudit } from '../../service/audit.ts';
import type { Principal } from '../../service/authorisation.ts';
import type { AuditWriter } from '../../service/audit.ts';
import type { AppEnv } from '../env.ts';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The org an audit record falls under when the handler named none: where the caller belongs. */
const homeOrg = (p: Principal | undefined): string | null =>
  !p ? null : p.kind === 'officer' ? (p.roles[0]?.org ?? null) : p.kind === 'token' ? p.org : null;

/**
 * Records every state-changing request and every authentication or
 * authorisation failure (401, 403, 429), after the response is made, with
 * the request id the client also sees. A failure to write the record is
 * reported, not turned into an error for a request that has already happened.
 */
export function auditTrail(
  logError: (err: unknown, requestId: string) => void,
  writer?: AuditWriter,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const status = c.res.status;
    const note = c.var.audit;
    if (
      READS.has(c.req.method) &&
      status !== 401 &&
      status !== 403 &&
      status !== 429 &&
      !note.always
    )
      return;
    const principal = c.get('principal');
    const orgId = note.org ?? homeOrg(principal);
    const orgs = note.memberOrg && note.memberOrg !== orgId ? [orgId, note.memberOrg] : [orgId];
    try {
      for (const org of orgs)
        await recordAudit(
          c.var.deps,
          {
            requestId: c.var.requestId,
            ...actorOf(principal),
            orgId: org,
            action: `${c.req.method} ${c.req.routePath}${note.action ? ` ${note.action}` : ''}`,
            target: note.target ?? null,
            outcome: outcomeOf(status),
            status,
            address: c.var.address,
            detail: note.detail ?? null,
          },
          writer,
        );
    } catch (err) {
      logError(err, c.var.requestId);
    }
  };
}
