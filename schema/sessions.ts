import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { accounts } from './accounts.ts';
import { createdAt } from './columns.ts';

/**
 * Server-side sessions. The cookie carries a random token; only its SHA-256
 * is stored (`id`), so a read of this table cannot be replayed as a cookie.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    address: text('address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [
    index('sessions_account_idx').on(t.accountId),
    // The purge at each login (store/accounts.ts purgeSessions: past the absolute end, idle, or
    // logged out) reads these three, combined by a bitmap OR, instead of scanning the table.
    index('sessions_expires_idx').on(t.expiresAt),
    index('sessions_last_seen_idx').on(t.lastSeenAt),
    index('sessions_revoked_idx')
      .on(t.revokedAt)
      .where(sql`revoked_at is not null`),
  ],
);
