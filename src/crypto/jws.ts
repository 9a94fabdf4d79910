import { compactVerify, importJWK } from 'jose';
import { b64u, fromB64u, fromUtf8, utf8 } from './bytes.ts';
import type { PublicJwk } from './keys.ts';

/** The `typ` values of our four signed objects (DESIGN §4). */
export type JwsTyp =
  | 'pmc+jwt'
  | 'pmc-entry+jwt'
  | 'pmc-key+jwt'
  | 'pmc-rev+jwt'
  | 'pmc-trust+jwt'
  | 'pmc-filing+jwt'
  | 'pmc-dues+jwt';

/** Largest compact JWS we parse at all; bigger input is refused before any work. */
export const MAX_JWS_LENGTH = 64 * 1024;
/**
 * The trust list names every org and key of the installation, so it grows with the tree: the
 * bureau demo's 278 orgs are already past MAX_JWS_LENGTH. Still a bound, against a runaway list.
 */
export const MAX_TRUST_LIST_LENGTH = 64 * 1024 * 1024;
const maxLengthOf = (typ: JwsTyp) =>
  typ === 'pmc-trust+jwt' ? MAX_TRUST_LIST_LENGTH : MAX_JWS_LENGTH;

export interface Signer {
  orgId: string;
  kid: string;
  privateKey: CryptoKey;
}

/**
 * Signs claims as a compact JWS with `alg: EdDSA`. The same bytes jose's
 * `CompactSign` makes (Ed25519 is deterministic; test/crypto checks it), over
 * bare WebCrypto: jose's per-call key and header checks cost as much as the
 * signature itself, twice per enrolled member in an import.
 * @example const jws = await signJws({ sub: 'm1' }, 'pmc+jwt', signer);
 */
export async function signJws(
  claims: object,
  typ: JwsTyp,
  signer: Pick<Signer, 'kid' | 'privateKey'>,
  opts: { kid?: boolean } = {},
): Promise<string> {
  const input = `${protectedHeader(typ, opts.kid === false ? undefined : signer.kid)}.${b64u(utf8(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign(
    'Ed25519',
    signer.privateKey,
    utf8(input) as Uint8Array<ArrayBuffer>,
  );
  return `${input}.${b64u(new Uint8Array(signature))}`;
}

const headers = new Map<string, string>();
/** The encoded protected header, in jose's member order (alg, typ, kid); a few dozen distinct ones. */
function protectedHeader(typ: JwsTyp, kid: string | undefined): string {
  const k = `${typ} ${kid ?? ''}`;
  let h = headers.get(k);
  if (h === undefined) {
    h = b64u(
      utf8(JSON.stringify(kid === undefined ? { alg: 'EdDSA', typ } : { alg: 'EdDSA', typ, kid })),
    );
    if (headers.size > 10_000) headers.clear();
    headers.set(k, h);
  }
  return h;
}

export interface DecodedJws {
  /** `kid` is absent only where the caller allowed it (the QR credential, to fit a smaller QR). */
  header: { alg: 'EdDSA'; typ: string; kid: string };
  claims: Record<string, unknown>;
  /** ASCII bytes of `header.payload`, what the signature covers. */
  signingInput: Uint8Array;
  signature: Uint8Array;
}

export type DecodeFailure = 'MALFORMED' | 'UNSUPPORTED_ALG' | 'WRONG_TYP';

export class JwsDecodeError extends Error {
  constructor(
    readonly code: DecodeFailure,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a compact JWS without trusting it: structure, `alg` (only EdDSA, so
 * `none` and HS256-with-the-public-key are refused here), `typ`, `kid`.
 * Signature checking is separate (see `SignatureVerifier`).
 */
export function decodeJws(
  jws: unknown,
  typ: JwsTyp,
  opts: { kidOptional?: boolean } = {},
): DecodedJws {
  if (typeof jws !== 'string') throw new JwsDecodeError('MALFORMED', 'JWS is not a string');
  if (jws.length > maxLengthOf(typ))
    throw new JwsDecodeError('MALFORMED', `JWS longer than ${maxLengthOf(typ)} characters`);
  const parts = jws.split('.');
  if (parts.length !== 3) throw new JwsDecodeError('MALFORMED', 'compact JWS needs three parts');
  const [h, p, s] = parts as [string, string, string];
  let header: unknown, claims: unknown, signature: Uint8Array;
  try {
    header = JSON.parse(fromUtf8(fromB64u(h)));
    claims = JSON.parse(fromUtf8(fromB64u(p)));
    signature = fromB64u(s);
  } catch {
    throw new JwsDecodeError('MALFORMED', 'JWS parts are not base64url JSON');
  }
  if (!isObject(header) || !isObject(claims))
    throw new JwsDecodeError('MALFORMED', 'JWS header and payload must be objects');
  if (header.alg !== 'EdDSA')
    throw new JwsDecodeError(
      'UNSUPPORTED_ALG',
      `alg ${String(header.alg)} is not accepted; only EdDSA`,
    );
  if (
    'crit' in header ||
    'b64' in header ||
    'jwk' in header ||
    'jku' in header ||
    'x5u' in header
  ) {
    throw new JwsDecodeError('MALFORMED', 'JWS header carries parameters we do not accept');
  }
  if (header.typ !== typ)
    throw new JwsDecodeError('WRONG_TYP', `typ ${String(header.typ)} where ${typ} is expected`);
  const kidAbsent = header.kid === undefined && opts.kidOptional === true;
  if (
    !kidAbsent &&
    (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > 64)
  ) {
    throw new JwsDecodeError('MALFORMED', 'JWS header has no kid');
  }
  if (signature.length !== 64)
    throw new JwsDecodeError('MALFORMED', 'an Ed25519 signature is 64 bytes');
  return {
    header: { alg: 'EdDSA', typ, kid: kidAbsent ? '' : (header.kid as string) },
    claims,
    signingInput: utf8(`${h}.${p}`),
    signature,
  };
}

/**
 * Checks one Ed25519 signature. The default works everywhere (jose over
 * WebCrypto); the Node runtime plugs in a faster one over node:crypto.
 */
export interface SignatureVerifier {
  verify(jws: string, decoded: DecodedJws, jwk: PublicJwk): Promise<boolean>;
}

/** The portable verifier: jose's `compactVerify`, with each imported key cached by its `x`. */
export function joseVerifier(): SignatureVerifier {
  const keys = new Map<string, Promise<CryptoKey>>();
  return {
    async verify(jws, _decoded, jwk) {
      let key = keys.get(jwk.x);
      if (!key) {
        key = importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }, 'EdDSA') as Promise<CryptoKey>;
        keys.set(jwk.x, key);
      }
      try {
        await compactVerify(jws, await key, { algorithms: ['EdDSA'] });
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A verifier over bare WebCrypto, skipping jose's re-parsing (we parsed already). */
export function webCryptoVerifier(): SignatureVerifier {
  const keys = new Map<string, Promise<CryptoKey>>();
  return {
    async verify(_jws, decoded, jwk) {
      let key = keys.get(jwk.x);
      if (!key) {
        key = crypto.subtle.importKey(
          'raw',
          fromB64u(jwk.x) as Uint8Array<ArrayBuffer>,
          { name: 'Ed25519' },
          false,
          ['verify'],
        );
        keys.set(jwk.x, key);
      }
      return crypto.subtle.verify(
        { name: 'Ed25519' },
        await key,
        decoded.signature as Uint8Array<ArrayBuffer>,
        decoded.signingInput as Uint8Array<ArrayBuffer>,
      );
    },
  };
}
