import { b64u, equalBytes, fromB64u, utf8 } from '../crypto/bytes.ts';
import { blindIndex, type Kek } from '../crypto/keys.ts';

/**
 * Password hashing: PBKDF2-HMAC-SHA-256 through WebCrypto, 100,000
 * iterations, over a peppered password.
 *
 * Why this KDF. It must run unchanged on Node and on Cloudflare Workers.
 * Workers' WebCrypto refuses PBKDF2 above 100,000 iterations, so that is our
 * count; measured here (Node 20, this 2-core machine, `crypto.subtle`) one hash
 * costs 41 ms (600,000, OWASP's 2023 figure for PBKDF2-SHA-256, costs 204 ms
 * and is not allowed on Workers). scrypt or argon2 in pure JS/WASM would be
 * memory-hard, but pure-JS scrypt at a useful cost (N=2^15) spends several times
 * the CPU of native PBKDF2 for the same defence on a server, eating into the
 * Workers CPU budget per login; the WASM builds add a binary to ship.
 * To make up for the lower iteration count, the password is first keyed
 * with an HMAC under a pepper derived from the KEK (the same key that seals
 * national IDs and org keys): a stolen database alone gives an attacker
 * nothing to grind offline. Consequence: rotating PMC_KEK means resetting
 * passwords.
 *
 * Stored form: `pbkdf2-sha256$<iterations>$<salt b64u>$<hash b64u>`, so the
 * iteration count can be raised later without a migration.
 */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const PEPPER = 'password-pepper-v1';

async function derive(
  kek: Kek,
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Uint8Array> {
  const peppered = await blindIndex(kek, PEPPER, password);
  const key = await crypto.subtle.importKey(
    'raw',
    utf8(peppered) as Uint8Array<ArrayBuffer>,
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** @example const stored = await hashPassword(deps.kek, 'correct horse battery staple'); */
export async function hashPassword(kek: Kek, password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(kek, password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${b64u(salt)}$${b64u(hash)}`;
}

/** Checks a password against a stored hash in constant time (for the comparison; the KDF itself always runs). */
export async function verifyPassword(kek: Kek, password: string, stored: string): Promise<boolean> {
  const [scheme, iter, salt, hash] = stored.split('$');
  const iterations = Number(iter);
  if (
    scheme !== 'pbkdf2-sha256' ||
    !Number.isSafeInteger(iterations) ||
    iterations < 1 ||
    !salt ||
    !hash
  )
    return false;
  return equalBytes(await derive(kek, password, fromB64u(salt), iterations), fromB64u(hash));
}

/** A hash of no one's password: verifying against it costs what a real check costs, so an unknown user name takes as long as a wrong password. */
export const DUMMY_HASH = `pbkdf2-sha256$${PBKDF2_ITERATIONS}$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;
