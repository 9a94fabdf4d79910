import { boolean, index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { members } from './members.ts';

/**
 * Logins: officers (their roles are in officer_roles) and members (linked to
 * their member record). The password hash names its own KDF and parameters
 * (src/service/password.ts), so the cost can be raised without a migration.
 */
export const accounts = pgTable(
  'accounts',
  {
    id: text('id').primaryKey(),
    /** Lower-cased login name. */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    kind: text('kind', { enum: ['officer', 'member'] }).notNull(),
    memberId: text('member_id').references(() => members.id),
    passwordHash: text('password_hash').notNull(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    /** Set when the password was generated (first admin, a login a secretary made): the next login must change it. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('accounts_username_idx').on(t.username),
    index('accounts_member_idx').on(t.memberId),
  ],
);
