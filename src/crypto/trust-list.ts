import { parentAt } from '../domain/org-tree.ts';
import type { NumericDate, OrgType } from '../domain/types.ts';
import { decodeJws, signJws, type SignatureVerifier, type Signer } from './jws.ts';
import { thumbprint, toPublicJwk, type PublicJwk } from './keys.ts';
import { buildKeyring, type Keyring } from './keyring.ts';
import { VerifyFailure } from './verify-result.ts';

/**
 * The trust list (`/.well-known/pmc/trust.json`): the root JWK, every org and
 * its keys with their certificates and revocations. Plain data; the signed
 * form (`trust.jws`, `typ: pmc-trust+jwt`) is the same object as JWS claims.
 */
export interface TrustList {
  v: 1;
  iat: NumericDate;
  root: { id: string; jwk: PublicJwk };
  /** `moves`: the parents an org had before (oldest first), so keys and entries of those times still check. */
  orgs: {
    id: string;
    name: string;
    type: OrgType;
    parent: string | null;
    moves?: readonly { from: string; at: NumericDate }[];
  }[];
  keys: { org: string; kid: string; certificate: string; revocation?: string }[];
  log?: { origin: string; vkey: string };
  /** When the next list is due: offline verifiers refresh then (signed, so a replay cannot postpone it). */
  nextUpdate?: NumericDate;
  /** After this a verifier that holds only this list answers "cannot verify" (无法核验), never "valid". */
  expiresAt?: NumericDate;
}

/** A new list is due a day after it is signed. */
export const TRUST_NEXT_UPDATE_SECONDS = 86400;
/** A list stays usable offline for 30 days; then it must be refreshed before anything verifies. */
export const TRUST_LIFETIME_SECONDS = 30 * 86400;

export const signTrustList = (list: TrustList, rootSigner: Signer): Promise<string> =>
  signJws(list, 'pmc-trust+jwt', rootSigner);

/**
 * Checks that the trust list was signed by the root key we already hold, and returns it.
 * With `now`, a list past its signed `expiresAt` fails with EXPIRED.
 */
export async function verifyTrustList(
  jws: string,
  rootJwk: PublicJwk,
  verifier: SignatureVerifier,
  opts: { now?: NumericDate } = {},
): Promise<TrustList> {
  const d = decodeJws(jws, 'pmc-trust+jwt');
  const rootKid = await thumbprint(rootJwk);
  if (d.header.kid !== rootKid)
    throw new VerifyFailure('UNTRUSTED_ROOT', 'trust list is not signed by the root key');
  if (!(await verifier.verify(jws, d, rootJwk)))
    throw new VerifyFailure('BAD_SIGNATURE', 'trust list signature does not verify');
  const list = d.claims as unknown as TrustList;
  if (list.v !== 1 || !Array.isArray(list.orgs) || !Array.isArray(list.keys))
    throw new VerifyFailure('MALFORMED', 'not a trust list');
  if ((await thumbprint(toPublicJwk(list.root.jwk))) !== rootKid)
    throw new VerifyFailure('UNTRUSTED_ROOT', 'trust list names another root');
  const time = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0);
  if (!time(list.nextUpdate) || !time(list.expiresAt))
    throw new VerifyFailure('MALFORMED', 'trust list nextUpdate/expiresAt are not NumericDates');
  if (opts.now !== undefined && list.expiresAt !== undefined && opts.now >= list.expiresAt)
    throw new VerifyFailure(
      'EXPIRED',
      `trust list expired ${new Date(list.expiresAt * 1000).toISOString()}`,
    );
  return list;
}

const rings = new WeakMap<TrustList, Map<SignatureVerifier, Promise<Keyring>>>();

/**
 * The trust list's keyring, computed once per list object and verifier (a
 * warm trust list verifies a credential with a single signature check).
 * Certificates whose issuer is not the org's parent in the list are ignored.
 */
export function keyringOf(list: TrustList, verifier: SignatureVerifier): Promise<Keyring> {
  let byVerifier = rings.get(list);
  if (!byVerifier) rings.set(list, (byVerifier = new Map()));
  let ring = byVerifier.get(verifier);
  if (!ring) {
    ring = (async () => {
      const orgs = new Map(list.orgs.map((o) => [o.id, o]));
      // The parent check runs inside the fixed point: filtering afterwards would keep
      // keys certified *through* a key that fails it.
      return buildKeyring(
        toPublicJwk(list.root.jwk),
        list.keys.map((k) => k.certificate),
        list.keys.flatMap((k) => (k.revocation ? [k.revocation] : [])),
        verifier,
        (org, at) => {
          const o = orgs.get(org);
          return o && (parentAt(o, at) ?? o.id);
        },
      );
    })();
    byVerifier.set(verifier, ring);
  }
  return ring;
}
