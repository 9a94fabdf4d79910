import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { ENTRY_KINDS, type EntryClaims } from '../src/domain/types.ts';
import { createdAt } from './columns.ts';
import { members } from './members.ts';

/**
 * Every signed ledger entry, append-only. The JWS is the record; `claims` is
 * its decoded payload kept for queries, and fsck checks they agree.
 * (member_id, seq) as the key means two entries can never claim one place.
 * In the database the table is partitioned by year of issued_at (migration
 * 0002_partition_by_year, SQL that drizzle-kit cannot express): there the
 * unique keys also carry issued_at, and ledger_positions (member_id, seq),
 * kept by a trigger, holds the one-place-per-entry guarantee across years.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull().unique(),
    jws: text('jws').notNull(),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    orgId: text('org_id').notNull(),
    actor: text('actor').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    claims: jsonb('claims').notNull().$type<EntryClaims>(),
    /** Position in the transparency log (log_leaves.index). */
    leafIndex: bigint('leaf_index', { mode: 'number' }).notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.seq] }),
    index('ledger_entries_org_kind_idx').on(t.orgId, t.kind),
  ],
);
