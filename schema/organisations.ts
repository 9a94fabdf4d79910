import { index, jsonb, pgTable, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ORG_TYPES, type OrgMove } from '../src/domain/types.ts';
import { createdAt, updatedAt } from './columns.ts';

/**
 * The organisation tree: root (组织部/工委) → 党委 → 党总支 → 党支部 → 党小组, any depth.
 * Rows are never deleted: a dissolved org keeps its id, keys and history (what
 * it signed stays verifiable). `moves` lists the parents it had before each
 * move, so entries signed under an earlier parent are judged by the tree of
 * their time; `updated_at` moves with every rename, move or dissolution (the
 * trust list's fingerprint reads it).
 */
export const organisations = pgTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type', { enum: ORG_TYPES }).notNull(),
    parentId: text('parent_id').references((): AnyPgColumn => organisations.id),
    moves: jsonb('moves').$type<OrgMove[]>(),
    dissolvedAt: timestamp('dissolved_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId)],
);
