import { bigint, pgTable, primaryKey, smallint } from 'drizzle-orm/pg-core';
import { bytea } from './columns.ts';

/**
 * Every complete subtree hash of the log: (level, index) covers leaves
 * [index·2^level, (index+1)·2^level); level 0 holds the leaf hashes. Any proof
 * for any tree size reads O(log n) of these rows by primary key.
 */
export const logNodes = pgTable(
  'log_nodes',
  {
    level: smallint('level').notNull(),
    index: bigint('index', { mode: 'number' }).notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.index] })],
);
