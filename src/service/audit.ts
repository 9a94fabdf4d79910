import { directAuditWriter, listAuditEvents, type AuditWriter } from '../store/audit.ts';
import type { AuditInsert, AuditRow } from '../store/rows.ts';
import type { Principal } from './authorisation.ts';
import type { ServiceDeps } from './deps.ts';

export type { AuditWriter };

export type AuditOutcome = 'ok' | 'denied' | 'rejected' | 'error';

/** The outcome a status code stands for: 401/403/429 are denials, other 4xx rejections. */
export function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403 || status === 429) return 'denied';
  return status >= 500 ? 'error' : 'rejected';
}

export const actorOf = (p: Principal | undefined): Pick<AuditInsert, 'actorKind' | 'actorId'> =>
  !p
    ? { actorKind: 'anonymous', actorId: null }
    : p.kind === 'token'
      ? { actorKind: 'token', actorId: p.tokenId }
      : { actorKind: p.kind, actorId: p.accountId };

export async function recordAudit(
  deps: Pick<ServiceDeps, 'db' | 'now'>,
  event: Omit<AuditInsert, 'at' | 'id'>,
  writer?: AuditWriter,
): Promise<void> {
  await (writer ?? directAuditWriter(deps.db)).write({ ...event, at: new Date(deps.now() * 1000) });
}

export async function listAudit(
  deps: Pick<ServiceDeps, 'db'>,
  orgIds: string[],
  opts: { limit: number; before?: number; unattributed?: boolean },
) {
  return (await listAuditEvents(deps.db, orgIds, opts)).map(auditView);
}

const auditView = (r: AuditRow) => ({
  id: r.id,
  at: r.at.toISOString(),
  requestId: r.requestId,
  actor: { kind: r.actorKind, id: r.actorId },
  org: r.orgId,
  action: r.action,
  target: r.target,
  outcome: r.outcome,
  status: r.status,
  address: r.address,
  detail: r.detail,
});
