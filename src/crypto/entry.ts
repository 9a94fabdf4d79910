import { ENTRY_KINDS, type EntryClaims } from '../domain/types.ts';
import { b64u, sha256, utf8 } from './bytes.ts';
import { decodeJws, signJws, type DecodedJws, type Signer } from './jws.ts';

/** Entry hash = SHA-256 of the compact JWS text, base64url (DESIGN §4). It is also the log leaf. */
export const entryHash = async (jws: string): Promise<string> => b64u(await sha256(utf8(jws)));

export interface SignedEntry {
  jws: string;
  hash: string;
  claims: EntryClaims;
}

/**
 * Signs a ledger entry (`typ: pmc-entry+jwt`) and returns it with its hash.
 * @example const e = await signEntry({ sub, seq: 1, knd: 'enroll', iss: 'b1', act: 'officer-7', iat, dat }, signer);
 */
export async function signEntry(claims: EntryClaims, signer: Signer): Promise<SignedEntry> {
  const jws = await signJws(claims, 'pmc-entry+jwt', signer);
  return { jws, hash: await entryHash(jws), claims };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 256;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses an entry JWS (unverified) and checks its claims have the designed shape. */
export function decodeEntry(
  jws: unknown,
): DecodedJws & { claims: EntryClaims & Record<string, unknown> } {
  const d = decodeJws(jws, 'pmc-entry+jwt');
  const c = d.claims;
  const ok =
    str(c.sub) &&
    int(c.seq) &&
    c.seq >= 1 &&
    (ENTRY_KINDS as readonly unknown[]).includes(c.knd) &&
    str(c.iss) &&
    str(c.act) &&
    int(c.iat) &&
    typeof c.dat === 'object' &&
    c.dat !== null &&
    !Array.isArray(c.dat) &&
    (c.seq === 1 ? c.prv === undefined : str(c.prv));
  if (!ok) throw new TypeError('entry claims are missing or of the wrong type');
  return d as DecodedJws & { claims: EntryClaims & Record<string, unknown> };
}
