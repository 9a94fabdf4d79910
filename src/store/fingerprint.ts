import { count, max } from 'drizzle-orm';
import { organisations, orgKeys } from '../../schema/index.ts';
import type { Db } from './db.ts';

/**
 * A cheap summary of what the trust list is made of: it changes whenever an
 * organisation or key is added, an organisation renamed, moved or dissolved
 * (its updated_at) or a key revoked (rows are never deleted), so
 * a cached tree or trust list is rebuilt exactly when it is stale.
 */
export async function trustFingerprint(db: Db): Promise<string> {
  const [o] = await db
    .select({
      n: count(),
      last: max(organisations.createdAt),
      changed: max(organisations.updatedAt),
    })
    .from(organisations);
  const [k] = await db
    .select({
      n: count(),
      last: max(orgKeys.createdAt),
      revoked: count(orgKeys.revokedAt),
      lastRevoked: max(orgKeys.revokedAt),
    })
    .from(orgKeys);
  return JSON.stringify([o, k]);
}
