import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { EntryClaims } from '../src/domain/types.ts';
import { createdAt } from './columns.ts';
import { members } from './members.ts';

/**
 * Every signed ledger entry, append-only. The JWS is the record; `claims` is
 * its decoded payload kept for queries, and fsck checks they agree.
 * (member_id, seq) as the key means two entries can never claim one place.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    memberId: text('member_id').notNull().references(() => members.id),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull().unique(),
    jws: text('jws').notNull(),
    kind: text('kind').notNull(),
    orgId: text('org_id').notNull(),
    actor: text('actor').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    claims: jsonb('claims').notNull().$type<EntryClaims>(),
    /** Position in the transparency log (log_leaves.index). */
    leafIndex: bigint('leaf_index', { mode: 'number' }).notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.seq] }), index('ledger_entries_org_kind_idx').on(t.orgId, t.kind)],
);
