/**
 * The annual filing's signed objects (`typ: pmc-filing+jwt`): one per workflow
 * step — 上报 by the org itself, 接收 / 退回 / exemption / extension by its
 * parent. Each object's hash (SHA-256 of the compact JWS text, like a ledger
 * entry's) is a leaf of the transparency log, so no step can be removed or
 * re-dated afterwards; a `filed` object carries the log checkpoint it was
 * computed against and the hashes of the children's accepted filings, which
 * chain a consolidated filing to everything below it.
 */
import {
  FILING_EVENT_KINDS,
  type FilingCover,
  type FilingExplanations,
  type FilingNameLists,
} from '../domain/filing.ts';
import type { Figures } from '../domain/indicators.ts';
import type { IsoDate, NumericDate } from '../domain/types.ts';
import { b64u, sha256, utf8 } from './bytes.ts';
import { decodeJws, JwsDecodeError, signJws, type SignatureVerifier, type Signer } from './jws.ts';
import { checkKeyUse, type Keyring } from './keyring.ts';
import { VerifyFailure } from './verify-result.ts';

interface FilingBase {
  /** The signing org: the filer for `filed`, its parent for the other steps. */
  iss: string;
  /** The officer who acted. */
  act: string;
  iat: NumericDate;
  /** The org whose filing this is. */
  org: string;
  year: number;
}

export type FilingClaims = FilingBase &
  (
    | {
        knd: 'filed';
        ver: number;
        fig: Figures;
        /** The accepted filings of the children, by org: `{ org, hash }` of each one's `filed` object. */
        kids: { org: string; hash: string }[];
        /** The log checkpoint (signed note) the figures were computed against. */
        cp: string;
        cover: FilingCover;
        exp?: FilingExplanations;
        names?: FilingNameLists;
      }
    | { knd: 'accepted'; ver: number; ref: string }
    | { knd: 'returned'; ver: number; ref: string; reason: string }
    | { knd: 'exempted'; reason: string; late: boolean }
    | { knd: 'extended'; until: IsoDate; reason: string }
  );

export interface SignedFiling {
  jws: string;
  hash: string;
  claims: FilingClaims;
}

export const filingHash = async (jws: string): Promise<string> => b64u(await sha256(utf8(jws)));

/**
 * Signs one filing step with the acting org's key.
 * @example const f = await signFiling({ knd: 'accepted', iss: 'c1', org: 'b1', year: 2026, ver: 1, ref, act, iat }, signer);
 */
export async function signFiling(claims: FilingClaims, signer: Signer): Promise<SignedFiling> {
  const jws = await signJws(claims, 'pmc-filing+jwt', signer);
  return { jws, hash: await filingHash(jws), claims };
}

const str = (v: unknown, max = 256): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const obj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks that a filing's claims have the designed shape for its kind. */
function checkFilingShape(c: Record<string, unknown>, at: string): FilingClaims {
  const base =
    str(c.iss) &&
    str(c.act) &&
    int(c.iat) &&
    str(c.org) &&
    int(c.year) &&
    (FILING_EVENT_KINDS as readonly unknown[]).includes(c.knd);
  const ok =
    base &&
    ((c.knd === 'filed' &&
      int(c.ver) &&
      obj(c.fig) &&
      Array.isArray(c.kids) &&
      c.kids.every((k: unknown) => obj(k) && str(k.org) && str(k.hash, 64)) &&
      str(c.cp, 4096) &&
      obj(c.cover)) ||
      ((c.knd === 'accepted' || c.knd === 'returned') && int(c.ver) && str(c.ref, 64)) ||
      (c.knd === 'exempted' && str(c.reason, 2000) && typeof c.late === 'boolean') ||
      (c.knd === 'extended' && str(c.until, 10) && str(c.reason, 2000)));
  if (!ok)
    throw new VerifyFailure('MALFORMED', 'filing claims are missing or of the wrong type', at);
  return c as unknown as FilingClaims;
}

/**
 * Verifies one filing object against the keyring: its shape, that the key it
 * names was certified for the signing org when it signed, and the signature.
 * The workflow's own rules (who may sign which step) are the caller's: see
 * `checkFilingSigner`.
 */
export async function verifyFiling(
  jws: unknown,
  ring: Keyring,
  verifier: SignatureVerifier,
  at = 'filing',
): Promise<SignedFiling> {
  let decoded;
  try {
    decoded = decodeJws(jws, 'pmc-filing+jwt');
  } catch (err) {
    if (err instanceof JwsDecodeError) throw new VerifyFailure(err.code, err.message, at);
    throw err;
  }
  const claims = checkFilingShape(decoded.claims, at);
  const kid = decoded.header.kid;
  const key = ring.trusted.get(kid);
  if (key === undefined) {
    const use = checkKeyUse(ring, kid, claims.iss, claims.iat);
    throw new VerifyFailure(use.ok ? 'UNKNOWN_KEY' : use.code, use.ok ? kid : use.message, at);
  }
  // The signature before the key's window, so a tampered date reads as BAD_SIGNATURE.
  if (!(await verifier.verify(jws as string, decoded, key.jwk))) {
    throw new VerifyFailure('BAD_SIGNATURE', 'filing signature does not verify', at);
  }
  const use = checkKeyUse(ring, kid, claims.iss, claims.iat);
  if (!use.ok) throw new VerifyFailure(use.code, use.message, at);
  return { jws: jws as string, hash: await filingHash(jws as string), claims };
}

/** Checks the workflow's signer: the org files its own figures; its parent signs every other step. */
export function checkFilingSigner(
  claims: FilingClaims,
  parentOf: (org: string) => string | null | undefined,
  at = 'filing',
): void {
  const expected = claims.knd === 'filed' ? claims.org : parentOf(claims.org);
  if (claims.iss !== expected) {
    throw new VerifyFailure(
      'KEY_NOT_CERTIFIED',
      `a ${claims.knd} step of ${claims.org}'s filing is signed by ${expected ?? 'no parent'}, not ${claims.iss}`,
      at,
    );
  }
}
