import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea, createdAt } from './columns.ts';

/** Every checkpoint the log signed (C2SP signed-note text); each is consistent with the one before. */
export const logCheckpoints = pgTable(
  'log_checkpoints',
  {
    size: bigint('size', { mode: 'number' }).primaryKey(),
    root: bytea('root').notNull(),
    note: text('note').notNull(),
    /** The time the note's cosignature signs (the service clock); null before cosignatures. */
    signedAt: timestamp('signed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('log_checkpoints_signed_at').on(t.signedAt)],
);
