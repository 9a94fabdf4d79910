import { date, index, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';

/**
 * Personnel moves posted by the HR system. The person is found by the blind
 * index of their national ID (the number itself is not stored); a move with no
 * transfer_out in time is the alert "行政关系已转、组织关系未转".
 */
export const hrMoves = pgTable(
  'hr_moves',
  {
    id: text('id').primaryKey(),
    nationalIdIndex: text('national_id_index').notNull(),
    nationalIdMasked: text('national_id_masked').notNull(),
    name: text('name'),
    fromOrg: text('from_org')
      .notNull()
      .references(() => organisations.id),
    toOrg: text('to_org')
      .notNull()
      .references(() => organisations.id),
    movedOn: date('moved_on').notNull(),
    /** The HR system's own id for the move: a repeat with the same reference is the same move. */
    reference: text('reference'),
    tokenId: text('token_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('hr_moves_person_idx').on(t.nationalIdIndex),
    uniqueIndex('hr_moves_reference_idx').on(t.tokenId, t.reference),
  ],
);
