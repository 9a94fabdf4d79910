import { issueKeyCertificate, issueRevocation } from '../crypto/key-cert.ts';
import { generateOrgKey, openPrivateKey, sealPrivateJwk, type PublicJwk } from '../crypto/keys.ts';
import type { Signer } from '../crypto/jws.ts';
import type { NumericDate } from '../domain/types.ts';
import { InvalidInput, NotFound, PmcError } from '../errors.ts';
import { getOrg, insertOrgKey, keysOf, revokeKey as storeRevocation } from '../store/queries.ts';
import type { OrgKeyRow } from '../store/rows.ts';
import type { ServiceDeps } from './deps.ts';

/** Org keys are certified for 5 years (rotation is expected well before); the root's self-signed one for 20. */
export const ORG_KEY_YEARS = 5;
export const ROOT_KEY_YEARS = 20;
const YEAR = 365 * 86400;

const seconds = (d: Date): NumericDate => Math.floor(d.getTime() / 1000);

/** Is this key row usable for signing at `at`? */
const usableAt = (k: OrgKeyRow, at: NumericDate): boolean =>
  seconds(k.notBefore) <= at &&
  at < seconds(k.expiresAt) &&
  (k.revokedAt === null || at < seconds(k.revokedAt));

/** The org's newest key that is valid now, unsealed, as a signer. */
export async function signerFor(
  deps: ServiceDeps,
  orgId: string,
  at: NumericDate = deps.now(),
): Promise<Signer> {
  const usable = (await keysOf(deps.db, [orgId])).filter((k) => usableAt(k, at));
  const key = usable[usable.length - 1];
  if (!key)
    throw new PmcError(
      'KEY_UNAVAILABLE',
      `organisation ${orgId} has no valid signing key; rotate its key`,
    );
  let privateKey = deps.keyCache.get(key.kid);
  if (!privateKey) {
    privateKey = openPrivateKey(deps.kek.aes, key.privateSealed, key.kid).catch(
      (cause: unknown) => {
        deps.keyCache.delete(key.kid);
        throw new PmcError(
          'KEY_UNAVAILABLE',
          `cannot unseal the key of ${orgId}: is PMC_KEK the one it was sealed with?`,
          { cause },
        );
      },
    );
    deps.keyCache.set(key.kid, privateKey);
  }
  return { orgId, kid: key.kid, privateKey: await privateKey };
}

/**
 * Makes a new key for `orgId`, certified by `certifier` (the parent's signer,
 * or undefined for the root, which self-signs). Older keys stay valid for what
 * they signed while valid.
 */
export async function createOrgKey(
  deps: ServiceDeps,
  orgId: string,
  certifier: Signer | undefined,
): Promise<{ kid: string; publicJwk: PublicJwk; certificate: string }> {
  const nbf = deps.now();
  const exp = nbf + (certifier ? ORG_KEY_YEARS : ROOT_KEY_YEARS) * YEAR;
  const key = await generateOrgKey();
  const self: Signer = { orgId, kid: key.kid, privateKey: key.privateKey };
  const certificate = await issueKeyCertificate(
    { iss: certifier?.orgId ?? orgId, sub: orgId, jwk: key.publicJwk, nbf, exp, iat: nbf },
    certifier ?? self,
  );
  await insertOrgKey(deps.db, {
    kid: key.kid,
    orgId,
    publicJwk: key.publicJwk,
    privateSealed: await sealPrivateJwk(deps.kek.aes, key.privateJwk, key.kid),
    certificate,
    notBefore: new Date(nbf * 1000),
    expiresAt: new Date(exp * 1000),
  });
  return { kid: key.kid, publicJwk: key.publicJwk, certificate };
}

/** Rotates an org's key: a new key certified by the parent's current key (the root re-signs itself). */
export async function rotateOrgKey(deps: ServiceDeps, orgId: string) {
  const org = await getOrg(deps.db, orgId);
  if (!org) throw new NotFound('organisation', orgId, 'org');
  const certifier = org.parentId === null ? undefined : await signerFor(deps, org.parentId);
  return createOrgKey(deps, orgId, certifier);
}

/**
 * Revokes a key from `at` on: whatever it signed from then fails verification,
 * what it signed before stays valid. Signed by the parent (or the root itself).
 */
export async function revokeOrgKey(
  deps: ServiceDeps,
  kid: string,
  at: NumericDate,
  reason?: string,
): Promise<string> {
  const key = (await keysOf(deps.db)).find((k) => k.kid === kid);
  if (!key) throw new NotFound('key', kid, 'kid');
  if (key.revokedAt !== null) throw new InvalidInput('kid', `key ${kid} is already revoked`);
  const org = await getOrg(deps.db, key.orgId);
  const revokerOrg = org?.parentId ?? key.orgId;
  const signer = await signerFor(deps, revokerOrg);
  if (signer.kid === kid)
    throw new InvalidInput('kid', 'a key cannot sign its own revocation; rotate first');
  const revocation = await issueRevocation(
    {
      iss: revokerOrg,
      sub: key.orgId,
      kid,
      rev: at,
      iat: deps.now(),
      ...(reason ? { reason } : {}),
    },
    signer,
  );
  await storeRevocation(deps.db, kid, new Date(at * 1000), revocation);
  deps.keyCache.delete(kid);
  return revocation;
}
