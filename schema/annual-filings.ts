import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { FilingClaims } from '../src/crypto/filing.ts';
import { FILING_EVENT_KINDS } from '../src/domain/filing.ts';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';

/**
 * Every step of the annual filings (逐级报备), append-only: one row per signed
 * `pmc-filing+jwt` object, whose JWS (the record) sits in log_objects under the
 * same hash with its log leaf. `claims` is the decoded payload kept for
 * queries. A version is filed once, and reviewed once: the unique indexes make
 * two racing officers conflict instead of both succeeding.
 */
export const annualFilings = pgTable(
  'annual_filings',
  {
    hash: text('hash').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id),
    year: integer('year').notNull(),
    kind: text('kind', { enum: FILING_EVENT_KINDS }).notNull(),
    version: integer('version'),
    signedBy: text('signed_by').notNull(),
    actor: text('actor').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    claims: jsonb('claims').notNull().$type<FilingClaims>(),
    createdAt: createdAt(),
  },
  (t) => [
    index('annual_filings_org_year_idx').on(t.orgId, t.year),
    uniqueIndex('annual_filings_filed_once')
      .on(t.orgId, t.year, t.version)
      .where(sql`kind = 'filed'`),
    uniqueIndex('annual_filings_reviewed_once')
      .on(t.orgId, t.year, t.version)
      .where(sql`kind in ('accepted', 'returned')`),
  ],
);
