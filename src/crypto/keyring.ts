import type { NumericDate } from '../domain/types.ts';
import { thumbprint, type PublicJwk } from './keys.ts';
import type { SignatureVerifier } from './jws.ts';
import { decodeKeyCertificate, decodeRevocation } from './key-cert.ts';

/** A key whose certificate chains to the root; valid for what it signed in [nbf, exp) and before `revokedAt`. */
export interface TrustedKey {
  kid: string;
  org: string;
  jwk: PublicJwk;
  /** The org that certified it (itself for the root). */
  certifiedBy: string;
  nbf: NumericDate;
  exp: NumericDate;
  revokedAt?: NumericDate;
}

export interface Keyring {
  rootKid: string;
  trusted: ReadonlyMap<string, TrustedKey>;
  /** Keys that were presented but do not chain to the root, with why. */
  uncertified: ReadonlyMap<string, string>;
}

export type KeyUse =
  | { ok: true; key: TrustedKey }
  | { ok: false; code: 'UNKNOWN_KEY' | 'KEY_NOT_CERTIFIED' | 'REVOKED_KEY'; message: string };

/**
 * Checks that `kid` may have signed something for `org` at time `at`:
 * known, certified to the root, inside its validity, not yet revoked.
 */
export function checkKeyUse(ring: Keyring, kid: string, org: string, at: NumericDate): KeyUse {
  const key = ring.trusted.get(kid);
  if (!key) {
    const why = ring.uncertified.get(kid);
    return why === undefined
      ? { ok: false, code: 'UNKNOWN_KEY', message: `no key ${kid} in the trust material` }
      : { ok: false, code: 'KEY_NOT_CERTIFIED', message: `key ${kid} is not certified: ${why}` };
  }
  if (key.org !== org)
    return {
      ok: false,
      code: 'KEY_NOT_CERTIFIED',
      message: `key ${kid} belongs to ${key.org}, not ${org}`,
    };
  if (at < key.nbf || at >= key.exp) {
    return {
      ok: false,
      code: 'KEY_NOT_CERTIFIED',
      message: `key ${kid} was not certified at ${new Date(at * 1000).toISOString()}`,
    };
  }
  if (key.revokedAt !== undefined && at >= key.revokedAt) {
    return {
      ok: false,
      code: 'REVOKED_KEY',
      message: `key ${kid} was revoked from ${new Date(key.revokedAt * 1000).toISOString()}`,
    };
  }
  return { ok: true, key };
}

/**
 * The keys that may have signed for `org` at `at`, newest first, for objects
 * that name no kid (the QR credential). Fails with the most telling code.
 */
export function keysForOrgAt(
  ring: Keyring,
  org: string,
  at: NumericDate,
): { ok: true; keys: TrustedKey[] } | Extract<KeyUse, { ok: false }> {
  const own = [...ring.trusted.values()].filter((k) => k.org === org).sort((a, b) => b.nbf - a.nbf);
  const usable = own.filter((k) => checkKeyUse(ring, k.kid, org, at).ok);
  if (usable.length > 0) return { ok: true, keys: usable };
  if (
    own.some((k) => k.revokedAt !== undefined && at >= k.revokedAt && at >= k.nbf && at < k.exp)
  ) {
    return {
      ok: false,
      code: 'REVOKED_KEY',
      message: `the key ${org} signed with at that time has been revoked`,
    };
  }
  if (own.length > 0)
    return {
      ok: false,
      code: 'KEY_NOT_CERTIFIED',
      message: `no key of ${org} was certified at ${new Date(at * 1000).toISOString()}`,
    };
  return {
    ok: false,
    code: 'UNKNOWN_KEY',
    message: `no certified key for ${org} in the trust material`,
  };
}

type Cert = ReturnType<typeof decodeKeyCertificate> & { jws: string; subjectKid: string };

/**
 * Builds the set of trusted keys from the root's public JWK, key certificates
 * and revocations, as a fixed point: a certificate counts once its signer's
 * key is trusted for the certifying org at the time it was issued.
 */
export async function buildKeyring(
  rootJwk: PublicJwk,
  certificates: readonly unknown[],
  revocations: readonly unknown[],
  verifier: SignatureVerifier,
  /**
   * The org whose key had to certify `org`'s keys at time `at` (itself for the
   * root; an org moved since had another parent before); undefined for an
   * unknown org. Without it, only the root's own name and the log's are protected.
   */
  parentOf?: (org: string, at: NumericDate) => string | undefined,
): Promise<Keyring> {
  const rootKid = await thumbprint(rootJwk);
  const uncertified = new Map<string, string>();
  const certs: Cert[] = [];
  for (const jws of certificates) {
    try {
      const d = decodeKeyCertificate(jws);
      const subjectKid = await thumbprint(d.claims.jwk);
      certs.push({ ...d, jws: jws as string, subjectKid });
      uncertified.set(subjectKid, 'no certificate chain to the root');
    } catch {
      // A certificate we cannot even read vouches for nothing.
    }
  }

  // Even without the org tree two names are known: the root's (from its self-signed
  // certificate) and the log's (`~log:…`). Only the root may certify keys for either.
  const rootOrg = certs.find(
    (c) => c.subjectKid === rootKid && c.claims.iss === c.claims.sub && c.header.kid === rootKid,
  )?.claims.sub;
  const mayCertify = (iss: string, sub: string, at: NumericDate): boolean => {
    if (sub === rootOrg || sub.startsWith('~log:')) return iss === rootOrg;
    return parentOf === undefined || parentOf(sub, at) === iss;
  };

  const revokedAt = new Map<string, NumericDate>();
  const certify = async (): Promise<Map<string, TrustedKey>> => {
    const trusted = new Map<string, TrustedKey>();
    const ring = (): Keyring => ({ rootKid, trusted, uncertified });
    for (let changed = true; changed;) {
      changed = false;
      for (const c of certs) {
        if (trusted.has(c.subjectKid)) continue;
        const { iss, sub, jwk, nbf, exp, iat } = c.claims;
        if (!mayCertify(iss, sub, iat)) {
          uncertified.set(c.subjectKid, `${iss} may not certify a key for ${sub}`);
          continue;
        }
        const isRoot = c.subjectKid === rootKid && iss === sub && c.header.kid === rootKid;
        let signerJwk: PublicJwk;
        if (isRoot) {
          signerJwk = rootJwk;
        } else {
          if (c.subjectKid === rootKid) continue;
          const use = checkKeyUse(ring(), c.header.kid, iss, iat);
          if (!use.ok) continue;
          signerJwk = use.key.jwk;
        }
        if (!(nbf <= iat + 300 && nbf < exp)) continue;
        if (!(await verifier.verify(c.jws, c, signerJwk))) {
          uncertified.set(c.subjectKid, 'certificate signature does not verify');
          continue;
        }
        const key: TrustedKey = { kid: c.subjectKid, org: sub, jwk, certifiedBy: iss, nbf, exp };
        const r = revokedAt.get(c.subjectKid);
        if (r !== undefined) key.revokedAt = r;
        trusted.set(c.subjectKid, key);
        uncertified.delete(c.subjectKid);
        changed = true;
      }
    }
    return trusted;
  };

  // First pass without revocations finds who may revoke; the second applies them,
  // so a certificate signed by a key after its revocation no longer counts.
  const first = await certify();
  for (const jws of revocations) {
    let d: ReturnType<typeof decodeRevocation>;
    try {
      d = decodeRevocation(jws);
    } catch {
      continue;
    }
    const target = first.get(d.claims.kid);
    const signer = first.get(d.header.kid);
    if (!target || !signer || target.org !== d.claims.sub || signer.org !== d.claims.iss) continue;
    // The org itself, the parent that certified the key, or its parent when the revocation
    // was signed (after a move the new parent revokes keys the old one certified).
    const revoker = d.claims.iss;
    if (
      revoker !== target.org &&
      revoker !== target.certifiedBy &&
      !(parentOf !== undefined && parentOf(target.org, d.claims.iat) === revoker)
    )
      continue;
    if (!(await verifier.verify(jws as string, d, signer.jwk))) continue;
    revokedAt.set(d.claims.kid, Math.min(revokedAt.get(d.claims.kid) ?? Infinity, d.claims.rev));
  }
  const trusted = revokedAt.size === 0 ? first : await certify();
  return { rootKid, trusted, uncertified };
}
