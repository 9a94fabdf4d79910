import { index, pgTable, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { ORG_TYPES } from '../src/domain/types.ts';
import { createdAt } from './columns.ts';

/** The organisation tree: root (组织部/工委) → 党委 → 党总支 → 党支部 → 党小组, any depth. */
export const organisations = pgTable(
  'organisations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    type: text('type', { enum: ORG_TYPES }).notNull(),
    parentId: text('parent_id').references((): AnyPgColumn => organisations.id),
    createdAt: createdAt(),
  },
  (t) => [index('organisations_parent_idx').on(t.parentId)],
);
