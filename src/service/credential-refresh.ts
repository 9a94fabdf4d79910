import { decodeJws } from '../crypto/jws.ts';
import { setCredential } from '../store/queries.ts';
import { credentialFor } from './credential.ts';
import type { ServiceDeps } from './deps.ts';
import { signerFor } from './keys.ts';
import { loadMember } from './members.ts';

/** Re-issue a credential this close to its expiry, so a QR shown today stays good for weeks. */
const REFRESH_BEFORE_SECONDS = 14 * 86400;

/**
 * The member's current credential, re-signed by their org when it is near
 * expiry (a credential is otherwise issued only with a new ledger entry, and a
 * quiet member's QR would lapse after 90 days). Same seq and head: a refresh
 * changes no state. Re-issued too when the dues record moved `due`.
 */
export async function currentCredential(deps: ServiceDeps, memberId: string): Promise<string> {
  const { row, state } = await loadMember(deps, memberId);
  const { exp, due } = decodeJws(row.credential, 'pmc+jwt', { kidOptional: true }).claims as {
    exp: number;
    due?: string;
  };
  const now = deps.now();
  // Dues are recorded per branch-month with one signature, not one per member: the
  // credential stating the new `due` is signed here, lazily, when the member's QR is next fetched.
  const dueChanged = (due ?? null) !== (row.duesThrough ?? null);
  if (exp - now > REFRESH_BEFORE_SECONDS && !dueChanged) return row.credential;
  const credential = await credentialFor(
    state,
    await signerFor(deps, state.org, now),
    now,
    row.duesThrough,
  );
  await setCredential(deps.db, row.id, row.seq, credential);
  return credential;
}
