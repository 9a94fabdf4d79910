import { and, desc, inArray, isNull, lt, or } from 'drizzle-orm';
import { auditEvents } from '../../schema/index.ts';
import type { Db } from './db.ts';
import { createBatcher } from './batcher.ts';
import type { AuditInsert, AuditRow } from './rows.ts';

export async function insertAuditEvent(db: Db, row: AuditInsert): Promise<void> {
  await db.insert(auditEvents).values(row);
}

/** Newest first; `before` pages by id. `unattributed`: also the events tied to no org (anonymous probing, unknown logins). */
export async function listAuditEvents(
  db: Db,
  orgIds: string[],
  opts: { limit: number; before?: number; unattributed?: boolean },
): Promise<AuditRow[]> {
  if (orgIds.length === 0) return [];
  const scope = opts.unattributed
    ? or(inArray(auditEvents.orgId, orgIds), isNull(auditEvents.orgId))!
    : inArray(auditEvents.orgId, orgIds);
  return db
    .select()
    .from(auditEvents)
    .where(opts.before === undefined ? scope : and(scope, lt(auditEvents.id, opts.before)))
    .orderBy(desc(auditEvents.id))
    .limit(opts.limit);
}

/** Where audit records go: straight to the table, or batched by a long-running server. */
export interface AuditWriter {
  write(row: AuditInsert): Promise<void>;
}

export const directAuditWriter = (db: Db): AuditWriter => ({
  write: (row) => insertAuditEvent(db, row),
});

/**
 * Group commit for the audit trail, like the ledger's (append.ts): records
 * that arrive while an insert is in flight go together in the next one, one
 * statement and one WAL flush for many. Each request still waits until its
 * own record is written before it answers.
 */
export function createAuditBatcher(db: Db, maxBatch = 500): AuditWriter {
  const write = createBatcher(async (rows: AuditInsert[]) => {
    await db.insert(auditEvents).values(rows);
    return rows.map(() => undefined);
  }, maxBatch);
  return { write };
}
