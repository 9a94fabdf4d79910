import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { DUES_KINDS } from '../src/domain/dues.ts';
import { createdAt, updatedAt } from './columns.ts';
import { members } from './members.ts';
import { organisations } from './organisations.ts';

/**
 * One signed branch-month of 党费 (src/crypto/dues-batch.ts). The JWS itself
 * is the log object whose `hash` this names (log_objects, one leaf of the
 * transparency log); this row is its index for queries.
 */
export const duesBatches = pgTable(
  'dues_batches',
  {
    /** `<org>/<YYYY-MM>/<n>` */
    id: text('id').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id),
    month: text('month').notNull(),
    n: integer('n').notNull(),
    // log_objects.hash, without a foreign key: the log leaf goes in last in the transaction (store/leaves.ts).
    hash: text('hash').notNull().unique(),
    lineCount: integer('line_count').notNull(),
    totalFen: bigint('total_fen', { mode: 'number' }).notNull(),
    actor: text('actor').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('dues_batches_org_month_n_idx').on(t.orgId, t.month, t.n)],
);

/**
 * The lines of a batch, exactly as signed (the batch's Merkle tree is over
 * them in `idx` order). A correction is a later line naming the one it
 * replaces; nothing is updated or deleted, and a line is replaced at most once.
 */
export const duesLines = pgTable(
  'dues_lines',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => duesBatches.id),
    idx: integer('idx').notNull(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    month: text('month').notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    baseFen: bigint('base_fen', { mode: 'number' }).notNull(),
    rateBp: integer('rate_bp').notNull(),
    kind: text('kind', { enum: DUES_KINDS }).notNull(),
    /** `<batch id>#<idx>` of the line this one corrects */
    replaces: text('replaces'),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.idx] }),
    index('dues_lines_member_idx').on(t.memberId, t.month),
    uniqueIndex('dues_lines_replaces_idx').on(t.replaces),
  ],
);

/** What a member declared last: the base and kind the next template is prefilled with. */
export const duesProfiles = pgTable('dues_profiles', {
  memberId: text('member_id')
    .primaryKey()
    .references(() => members.id),
  baseFen: bigint('base_fen', { mode: 'number' }).notNull(),
  kind: text('kind', { enum: DUES_KINDS }).notNull(),
  updatedAt: updatedAt(),
});
