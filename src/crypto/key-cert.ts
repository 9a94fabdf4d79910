import type { NumericDate } from '../domain/types.ts';
import { thumbprint, toPublicJwk, type PublicJwk } from './keys.ts';
import { decodeJws, signJws, type DecodedJws, type Signer } from './jws.ts';

/** Claims of a key certificate (`typ: pmc-key+jwt`): the parent org vouches for `jwk` as `sub`'s key. */
export interface KeyCertClaims {
  iss: string; // the certifying (parent) org; equal to sub for the root's self-signed one
  sub: string; // the org whose key this is
  jwk: PublicJwk;
  nbf: NumericDate;
  exp: NumericDate;
  iat: NumericDate;
}

/** Claims of a key revocation (`typ: pmc-rev+jwt`): from `rev` on, nothing signed by `kid` is valid. */
export interface RevocationClaims {
  iss: string; // the org revoking: the key's own org or the org that certified it
  sub: string; // the org whose key is revoked
  kid: string; // the revoked key
  rev: NumericDate;
  iat: NumericDate;
  reason?: string;
}

/**
 * Certifies an org's public key with the parent's key (or self-signs the root's).
 * @example const cert = await issueKeyCertificate({ iss: 'root', sub: 'c1', jwk, nbf, exp, iat: nbf }, rootSigner);
 */
export async function issueKeyCertificate(claims: KeyCertClaims, signer: Signer): Promise<string> {
  const jwk = toPublicJwk(claims.jwk);
  return signJws({ ...claims, jwk: { ...jwk, kid: await thumbprint(jwk) } }, 'pmc-key+jwt', signer);
}

export const issueRevocation = (claims: RevocationClaims, signer: Signer): Promise<string> =>
  signJws(claims, 'pmc-rev+jwt', signer);

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;

export function decodeKeyCertificate(
  jws: unknown,
): DecodedJws & { claims: KeyCertClaims & Record<string, unknown> } {
  const d = decodeJws(jws, 'pmc-key+jwt');
  const c = d.claims;
  if (
    !isStr(c.iss) ||
    !isStr(c.sub) ||
    !isNum(c.nbf) ||
    !isNum(c.exp) ||
    !isNum(c.iat) ||
    typeof c.jwk !== 'object'
  ) {
    throw new TypeError('key certificate claims are incomplete');
  }
  c.jwk = toPublicJwk(c.jwk as PublicJwk);
  return d as DecodedJws & { claims: KeyCertClaims & Record<string, unknown> };
}

export function decodeRevocation(
  jws: unknown,
): DecodedJws & { claims: RevocationClaims & Record<string, unknown> } {
  const d = decodeJws(jws, 'pmc-rev+jwt');
  const c = d.claims;
  if (!isStr(c.iss) || !isStr(c.sub) || !isStr(c.kid) || !isNum(c.rev) || !isNum(c.iat)) {
    throw new TypeError('revocation claims are incomplete');
  }
  return d as DecodedJws & { claims: RevocationClaims & Record<string, unknown> };
}
