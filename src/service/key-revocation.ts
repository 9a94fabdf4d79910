import type { NumericDate } from '../domain/types.ts';
import { orgKeyByKid } from '../store/queries.ts';
import { reissueRevokedCredentials } from './credential-refresh.ts';
import type { ServiceDeps } from './deps.ts';
import { revokeOrgKey } from './keys.ts';

/**
 * Revokes a key (revokeOrgKey) and, when the revocation is in effect already,
 * re-issues with the org's current key (rotate first, so it has one) the
 * stored credential of each of the org's members that the revoked key signed:
 * their QR and bundle then verify against the new trust list, and `pmcert
 * fsck` finds no credential signed by a revoked key. Anything it misses
 * (a member elsewhere whose credential that org signed, a revocation dated
 * ahead) is re-issued lazily by currentCredential on the next fetch.
 * Returns the revocation and how many credentials were re-issued.
 */
export async function revokeKeyAndReissue(
  deps: ServiceDeps,
  kid: string,
  at: NumericDate,
  reason?: string,
): Promise<{ revocation: string; reissued: number }> {
  const orgId = (await orgKeyByKid(deps.db, kid))?.orgId;
  const revocation = await revokeOrgKey(deps, kid, at, reason);
  const reissued = at <= deps.now() && orgId ? await reissueRevokedCredentials(deps, orgId) : 0;
  return { revocation, reissued };
}
