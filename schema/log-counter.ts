import { bigint, pgTable, smallint } from 'drizzle-orm/pg-core';

/**
 * One row: how many leaves have been committed. Each append increments it as
 * the last thing before commit; its row lock orders the commits, so leaf
 * indexes are gapless and in commit order.
 */
export const logCounter = pgTable('log_counter', {
  id: smallint('id').primaryKey(),
  size: bigint('size', { mode: 'number' }).notNull(),
});
