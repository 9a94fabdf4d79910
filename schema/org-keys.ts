import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { organisations } from './organisations.ts';

/**
 * Each org's Ed25519 keys. The private half is sealed with AES-256-GCM under
 * the key-encryption key (PMC_KEK) and bound to its kid; it never leaves
 * this table in clear.
 */
export const orgKeys = pgTable(
  'org_keys',
  {
    kid: text('kid').primaryKey(),
    orgId: text('org_id')
      .notNull()
      .references(() => organisations.id),
    publicJwk: jsonb('public_jwk')
      .notNull()
      .$type<{ kty: 'OKP'; crv: 'Ed25519'; x: string; kid?: string }>(),
    privateSealed: text('private_sealed').notNull(),
    certificate: text('certificate').notNull(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revocation: text('revocation'),
    createdAt: createdAt(),
  },
  (t) => [index('org_keys_org_idx').on(t.orgId)],
);
