import { boolean, date, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CATEGORIES, GENDERS, MEMBER_STATUSES, PERSONNEL } from '../src/domain/types.ts';
import { createdAt, updatedAt } from './columns.ts';
import { organisations } from './organisations.ts';

/**
 * A member's profile and the head of their ledger. `seq`/`head` move only
 * together with a new ledger row (see store/queries.ts appendEntry), which is
 * what makes two racing appends conflict instead of forking the chain.
 * The national ID is sealed; `national_id_index` is an HMAC for look-ups.
 */
export const members = pgTable(
  'members',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    gender: text('gender', { enum: GENDERS }).notNull(),
    ethnicity: text('ethnicity'),
    birthDate: date('birth_date').notNull(),
    nationalIdSealed: text('national_id_sealed').notNull(),
    nationalIdIndex: text('national_id_index').notNull(),
    nationalIdMasked: text('national_id_masked').notNull(),
    joinedOn: date('joined_on').notNull(),
    fullOn: date('full_on'),
    category: text('category', { enum: CATEGORIES }).notNull(),
    personnel: text('personnel', { enum: PERSONNEL }).notNull(),
    cadre: boolean('cadre').notNull().default(false),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id),
    status: text('status', { enum: MEMBER_STATUSES }).notNull(),
    seq: integer('seq').notNull(),
    head: text('head').notNull(),
    credential: text('credential').notNull(),
    duesThrough: text('dues_through'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('members_org_idx').on(t.orgId),
    uniqueIndex('members_national_id_idx').on(t.nationalIdIndex),
  ],
);
