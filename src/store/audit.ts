import { and, desc, inArray, isNull, lt, or } from 'drizzle-orm';
import { auditEvents } from '../../schema/index.ts';
import type { Db } from './db.ts';

export type AuditRow = typeof auditEvents.$inferSelect;
export type AuditInsert = typeof auditEvents.$inferInsert;

export async function insertAuditEvent(db: Db, row: AuditInsert): Promise<void> {
  await db.insert(auditEvents).values(row);
}

/** Newest first; `before` pages by id. `unattributed`: also the events tied to no org (anonymous probing, unknown logins). */
export async function listAuditEvents(db: Db, orgIds: string[], opts: { limit: number; before?: number; unattributed?: boolean }): Promise<AuditRow[]> {
  if (orgIds.length === 0) return [];
  const scope = opts.unattributed ? or(inArray(auditEvents.orgId, orgIds), isNull(auditEvents.orgId))! : inArray(auditEvents.orgId, orgIds);
  return db
    .select()
    .from(auditEvents)
    .where(opts.before === undefined ? scope : and(scope, lt(auditEvents.id, opts.before)))
    .orderBy(desc(auditEvents.id))
    .limit(opts.limit);
}
