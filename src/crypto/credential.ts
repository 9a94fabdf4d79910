import type { MemberStatus, NumericDate } from '../domain/types.ts';
import { signJws, type Signer } from './jws.ts';

/**
 * What the QR carries (`typ: pmc+jwt`), DESIGN §4. Deliberately no national
 * ID and no birth date: the QR is shown to strangers.
 */
export interface CredentialClaims {
  iss: string; // signing org
  sub: string; // member id
  nam: string; // name
  org: string; // current org
  st: MemberStatus;
  seq: number; // ledger length
  hd: string; // hash of the newest ledger entry
  due?: string; // dues paid through, YYYY-MM
  iat: NumericDate;
  exp: NumericDate;
}

/**
 * Signs a credential.
 * @example const token = await issueCredential({ iss: 'b1', sub: id, nam: '张三', org: 'b1', st: 'normal', seq: 1, hd, iat, exp }, signer);
 */
export const issueCredential = (claims: CredentialClaims, signer: Signer): Promise<string> =>
  // No `kid` in the header: it costs 67 QR bytes (version 17 → 15 for a typical
  // credential); verifiers pick the issuing org's key valid at `iat` instead.
  signJws(claims, 'pmc+jwt', signer, { kid: false });

/** How long a credential is valid: long enough to be shown offline for months, short enough that a stale status ages out. */
export const CREDENTIAL_TTL_SECONDS = 90 * 86400;
