import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { b64u, fromB64u, fromUtf8, utf8 } from './bytes.ts';

/** An Ed25519 public key as a JWK; `kid` is its RFC 7638 thumbprint. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
}

export interface KeyPair {
  kid: string;
  publicJwk: PublicJwk;
  privateKey: CryptoKey;
}

export const thumbprint = (jwk: PublicJwk): Promise<string> =>
  calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, 'sha256');

export function toPublicJwk(jwk: JWK): PublicJwk {
  if (
    jwk.kty !== 'OKP' ||
    jwk.crv !== 'Ed25519' ||
    typeof jwk.x !== 'string' ||
    jwk.x.length !== 43
  ) {
    throw new TypeError('not an Ed25519 public JWK');
  }
  fromB64u(jwk.x);
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x };
}

/**
 * Makes a fresh Ed25519 key for an organisation.
 * @example const { kid, publicJwk, privateKey } = await generateOrgKey();
 */
export async function generateOrgKey(): Promise<KeyPair & { privateJwk: JWK }> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', {
    crv: 'Ed25519',
    extractable: true,
  });
  const publicJwk = toPublicJwk(await exportJWK(publicKey));
  const kid = await thumbprint(publicJwk);
  return {
    kid,
    publicJwk: { ...publicJwk, kid },
    privateKey,
    privateJwk: await exportJWK(privateKey),
  };
}

export async function importPrivateJwk(jwk: JWK): Promise<CryptoKey> {
  return (await importJWK({ ...jwk, alg: 'EdDSA' }, 'EdDSA', { extractable: false })) as CryptoKey;
}

// ---- private keys at rest: AES-256-GCM under the key-encryption key (PMC_KEK) ----

const KEK_BYTES = 32;
const ENVELOPE = 'pmc-kek1';

/** The key-encryption key in its two uses: sealing (AES-256-GCM) and blind look-up indexes (HMAC-SHA-256). */
export interface Kek {
  aes: CryptoKey;
  index: CryptoKey;
}

/** Reads a KEK given as base64url (32 bytes), e.g. from `PMC_KEK`. */
export async function importKek(text: string): Promise<Kek> {
  let raw: Uint8Array;
  try {
    raw = fromB64u(text.trim());
  } catch {
    throw new TypeError('PMC_KEK must be 32 bytes in base64url');
  }
  if (raw.length !== KEK_BYTES) throw new TypeError('PMC_KEK must be 32 bytes in base64url');
  const aes = await crypto.subtle.importKey(
    'raw',
    raw as Uint8Array<ArrayBuffer>,
    'AES-GCM',
    false,
    ['encrypt', 'decrypt'],
  );
  // A separate key for the HMAC index, derived so that the two uses never share key material.
  const base = await crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, 'HKDF', false, [
    'deriveKey',
  ]);
  const index = await crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new Uint8Array(0),
      info: utf8('pmc blind index v1') as Uint8Array<ArrayBuffer>,
    },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  return { aes, index };
}

/** A deterministic, keyed look-up value: equal inputs match, the input cannot be read back. */
export async function blindIndex(kek: Kek, purpose: string, value: string): Promise<string> {
  return b64u(
    new Uint8Array(
      await crypto.subtle.sign(
        'HMAC',
        kek.index,
        utf8(`${purpose}:${value}`) as Uint8Array<ArrayBuffer>,
      ),
    ),
  );
}

export const newKekText = (): string => b64u(crypto.getRandomValues(new Uint8Array(KEK_BYTES)));

/**
 * Seals bytes with AES-256-GCM. `context` is bound as additional data so a
 * ciphertext moved to another row (another kid, another member) fails to open.
 */
export async function seal(
  kek: CryptoKey,
  plaintext: Uint8Array,
  context: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8(context) as Uint8Array<ArrayBuffer> },
    kek,
    plaintext as Uint8Array<ArrayBuffer>,
  );
  return `${ENVELOPE}.${b64u(iv)}.${b64u(new Uint8Array(ct))}`;
}

export async function open(kek: CryptoKey, sealed: string, context: string): Promise<Uint8Array> {
  const [tag, iv, ct] = sealed.split('.');
  if (tag !== ENVELOPE || !iv || !ct) throw new TypeError('not a sealed value');
  const pt = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: fromB64u(iv) as Uint8Array<ArrayBuffer>,
      additionalData: utf8(context) as Uint8Array<ArrayBuffer>,
    },
    kek,
    fromB64u(ct) as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(pt);
}

export const sealPrivateJwk = (kek: CryptoKey, jwk: JWK, kid: string): Promise<string> =>
  seal(
    kek,
    utf8(JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d })),
    `org-key:${kid}`,
  );

export async function openPrivateKey(
  kek: CryptoKey,
  sealed: string,
  kid: string,
): Promise<CryptoKey> {
  const jwk = JSON.parse(fromUtf8(await open(kek, sealed, `org-key:${kid}`))) as JWK;
  return importPrivateJwk(jwk);
}
