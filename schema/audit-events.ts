import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The audit trail: every state-changing request and every authentication or
 * authorisation failure: who, acting for which org, what, when, the outcome
 * and the request id. Append-only; nothing updates or deletes a row.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    requestId: text('request_id').notNull(),
    /** officer | member | token | anonymous */
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    /** The organisation acted for (or whose data was touched). */
    orgId: text('org_id'),
    /** `METHOD /route/pattern`, plus a finer action where there is one (e.g. the endorsement kind). */
    action: text('action').notNull(),
    target: text('target'),
    /** ok | denied | rejected | error */
    outcome: text('outcome').notNull(),
    status: integer('status').notNull(),
    address: text('address'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_events_org_at_idx').on(t.orgId, t.at),
    index('audit_events_at_idx').on(t.at),
  ],
);
