import { decodeJws } from '../crypto/jws.ts';
import { PmcError } from '../errors.ts';
import { getMember, keysOf, membersOfOrg, setCredential } from '../store/queries.ts';
import { credentialFor } from './credential.ts';
import type { ServiceDeps } from './deps.ts';
import { signerFor } from './keys.ts';
import { loadMember } from './members.ts';

/** Re-issue a credential this close to its expiry, so a QR shown today stays good for weeks. */
const REFRESH_BEFORE_SECONDS = 14 * 86400;

/**
 * Was `credential` signed by a key of `iss` whose revocation has taken effect?
 * The QR credential carries no kid (it keeps the QR small), so the org's
 * revoked keys are tried; an org with no revoked key costs one indexed query.
 */
async function signedByRevokedKey(
  deps: ServiceDeps,
  credential: string,
  iss: string,
): Promise<boolean> {
  const now = deps.now();
  const revoked = (await keysOf(deps.db, [iss])).filter(
    (k) => k.revokedAt !== null && k.revokedAt.getTime() / 1000 <= now,
  );
  if (revoked.length === 0) return false;
  const decoded = decodeJws(credential, 'pmc+jwt', { kidOptional: true });
  for (const k of revoked) {
    if (await deps.verifier.verify(credential, decoded, k.publicJwk)) return true;
  }
  return false;
}

/**
 * The member's current credential, re-signed by their org when it is near
 * expiry (a credential is otherwise issued only with a new ledger entry, and a
 * quiet member's QR would lapse after 90 days), when the dues record moved
 * `due`, or when the key that signed it has been revoked (issue 9 item 11: the
 * QR and the bundle then verify against the current trust list). Same seq and
 * head: a refresh changes no state.
 */
export async function currentCredential(deps: ServiceDeps, memberId: string): Promise<string> {
  const row = await getMember(deps.db, memberId);
  if (!row) return (await loadMember(deps, memberId)).row.credential; // NotFound, as loadMember says it
  const { exp, due, iss } = decodeJws(row.credential, 'pmc+jwt', { kidOptional: true }).claims as {
    exp: number;
    due?: string;
    iss: string;
  };
  const now = deps.now();
  // Dues are recorded per branch-month with one signature, not one per member: the
  // credential stating the new `due` is signed here, lazily, when the member's QR is next fetched.
  const dueChanged = (due ?? null) !== (row.duesThrough ?? null);
  const revoked = await signedByRevokedKey(deps, row.credential, iss);
  if (exp - now > REFRESH_BEFORE_SECONDS && !dueChanged && !revoked) return row.credential;
  const { row: fresh, state } = await loadMember(deps, memberId);
  let signer;
  try {
    signer = await signerFor(deps, state.org, now);
  } catch (err) {
    // The org has no key valid now (revoked and not yet rotated): keep what is stored; verifiers judge it.
    if (revoked && err instanceof PmcError && err.code === 'KEY_UNAVAILABLE')
      return fresh.credential;
    throw err;
  }
  const credential = await credentialFor(state, signer, now, fresh.duesThrough);
  await setCredential(deps.db, fresh.id, fresh.seq, credential);
  return credential;
}

/**
 * After a key's revocation: re-issues, with the org's current key, the stored
 * credential of every member of `orgId` that the revoked key signed (eagerly,
 * so `pmcert fsck` and a CLI-shown QR see the new one at once; members
 * elsewhere whose credential that org signed are re-issued lazily by
 * currentCredential). Returns how many were re-issued.
 */
export async function reissueRevokedCredentials(deps: ServiceDeps, orgId: string): Promise<number> {
  let n = 0;
  for (const m of await membersOfOrg(deps.db, orgId)) {
    const before = m.credential;
    if ((await currentCredential(deps, m.id)) !== before) n++;
  }
  return n;
}
