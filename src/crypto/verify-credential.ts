import { MEMBER_STATUSES, type NumericDate } from '../domain/types.ts';
import type { CredentialClaims } from './credential.ts';
import {
  decodeJws,
  JwsDecodeError,
  joseVerifier,
  type DecodedJws,
  type SignatureVerifier,
} from './jws.ts';
import { checkKeyUse, keysForOrgAt, type Keyring, type TrustedKey } from './keyring.ts';
import { keyringOf, type TrustList } from './trust-list.ts';
import { toResult, VerifyFailure, type VerifyResult } from './verify-result.ts';

const defaultVerifier = joseVerifier();

/**
 * Verifies a QR credential offline against a trust list.
 * @example const r = await verifyCredential(token, trustList, Date.now() / 1000);
 *          if (r.valid) show(r.value.nam); else explain(r.code);
 */
export async function verifyCredential(
  token: unknown,
  trust: TrustList | Keyring,
  now: NumericDate,
  verifier: SignatureVerifier = defaultVerifier,
): Promise<VerifyResult<CredentialClaims>> {
  try {
    const ring = 'trusted' in trust ? trust : await keyringOf(trust, verifier);
    return { valid: true, value: await checkCredential(token, ring, now, verifier) };
  } catch (err) {
    return toResult(err);
  }
}

/** The steps, in order; each throws a VerifyFailure naming what failed. */
export async function checkCredential(
  token: unknown,
  ring: Keyring,
  now: NumericDate,
  verifier: SignatureVerifier,
  at = 'credential',
): Promise<CredentialClaims> {
  const decoded = parseToken(token, at);
  const claims = checkClaimsShape(decoded.claims, at);
  let keys: TrustedKey[];
  try {
    keys = checkSigningKey(ring, decoded, claims, at);
  } catch (err) {
    // A key problem is reported only for a token the issuer's keys really signed: a changed
    // claim (a back-dated iat included) reads as BAD_SIGNATURE.
    if (err instanceof VerifyFailure && err.code !== 'UNKNOWN_KEY') {
      const org = [...ring.trusted.values()].filter(
        (k) => k.org === claims.iss || k.kid === decoded.header.kid,
      );
      if (org.length) await checkSignature(token as string, decoded, org, verifier, at);
    }
    throw err;
  }
  await checkSignature(token as string, decoded, keys, verifier, at);
  checkNotExpired(claims, now, at);
  return claims;
}

/** Checks that the token is a well-formed EdDSA JWS of type pmc+jwt. */
export function parseToken(token: unknown, at: string): DecodedJws {
  try {
    return decodeJws(token, 'pmc+jwt', { kidOptional: true });
  } catch (err) {
    if (err instanceof JwsDecodeError) throw new VerifyFailure(err.code, err.message, at);
    throw err;
  }
}

const str = (v: unknown, max = 256): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks that every claim DESIGN §4 requires is present and of the right type. */
function checkClaimsShape(c: Record<string, unknown>, at: string): CredentialClaims {
  const ok =
    str(c.iss) &&
    str(c.sub) &&
    str(c.nam) &&
    str(c.org) &&
    str(c.hd, 64) &&
    (MEMBER_STATUSES as readonly unknown[]).includes(c.st) &&
    int(c.seq) &&
    c.seq >= 1 &&
    int(c.iat) &&
    int(c.exp) &&
    (c.due === undefined || (typeof c.due === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(c.due)));
  if (!ok)
    throw new VerifyFailure('MALFORMED', 'credential claims are missing or of the wrong type', at);
  return c as unknown as CredentialClaims;
}

/**
 * Checks that a key certified for the issuing org was valid when it signed:
 * the named one, or (no kid) the org's keys valid at `iat`, newest first.
 */
function checkSigningKey(
  ring: Keyring,
  d: DecodedJws,
  c: CredentialClaims,
  at: string,
): TrustedKey[] {
  if (d.header.kid) {
    const use = checkKeyUse(ring, d.header.kid, c.iss, c.iat);
    if (!use.ok) throw new VerifyFailure(use.code, use.message, at);
    return [use.key];
  }
  const found = keysForOrgAt(ring, c.iss, c.iat);
  if (!found.ok) throw new VerifyFailure(found.code, found.message, at);
  return found.keys;
}

/** Checks the Ed25519 signature itself (one try per candidate key; normally one). */
async function checkSignature(
  token: string,
  d: DecodedJws,
  keys: TrustedKey[],
  v: SignatureVerifier,
  at: string,
): Promise<void> {
  for (const key of keys) if (await v.verify(token, d, key.jwk)) return;
  throw new VerifyFailure('BAD_SIGNATURE', 'signature does not verify', at);
}

/** Checks the validity period: not before iat (with a little clock skew), not after exp. */
function checkNotExpired(c: CredentialClaims, now: NumericDate, at: string): void {
  if (now >= c.exp)
    throw new VerifyFailure(
      'EXPIRED',
      `credential expired ${new Date(c.exp * 1000).toISOString()}`,
      at,
    );
  if (c.iat > now + 300)
    throw new VerifyFailure('EXPIRED', 'credential is issued in the future', at);
}
