import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { LOG_OBJECT_KINDS } from '../src/domain/log-objects.ts';
import { createdAt } from './columns.ts';

/**
 * The log's leaves that are not ledger entries: each signed object's JWS (the
 * record) with the leaf it took. A leaf is a ledger entry's or a log object's,
 * never both; fsck recomputes every leaf from one of the two. Tables about such
 * an object (dues lines, filing figures) reference `hash` and keep no second copy.
 */
export const logObjects = pgTable('log_objects', {
  leafIndex: bigint('leaf_index', { mode: 'number' }).primaryKey(),
  kind: text('kind', { enum: LOG_OBJECT_KINDS }).notNull(),
  /** base64url SHA-256 of `jws`, and the leaf's data. */
  hash: text('hash').notNull().unique(),
  jws: text('jws').notNull(),
  createdAt: createdAt(),
});
