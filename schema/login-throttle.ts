import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Failed-login counters, per account (`acct:<name>`) and per address
 * (`addr:<ip>`). Kept in the database so every server process (and every
 * Worker isolate) sees the same counts.
 */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});
