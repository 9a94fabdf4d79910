import { bigint, pgTable } from 'drizzle-orm/pg-core';
import { bytea, createdAt } from './columns.ts';

/**
 * The transparency log's leaves in order (RFC 9162): leaf data is the 32-byte
 * entry hash. `index` is assigned in the entry's own transaction, so an
 * acknowledged entry is always in the log, in commit order.
 */
export const logLeaves = pgTable('log_leaves', {
  index: bigint('index', { mode: 'number' }).primaryKey(),
  data: bytea('data').notNull(),
  createdAt: createdAt(),
});
