import { index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';

/**
 * An officer's role at one organisation, acting over its subtree:
 * secretary (书记), organizer (组织委员), clerk (党务干事), viewer (只读).
 * What each role may do is one table in src/service/authorisation.ts.
 */
export const officerRoles = pgTable(
  'officer_roles',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id),
    role: text('role', { enum: ['secretary', 'organizer', 'clerk', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.orgId] }),
    index('officer_roles_org_idx').on(t.orgId),
  ],
);
