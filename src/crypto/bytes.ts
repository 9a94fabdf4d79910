import { base64url } from 'jose';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);

export const b64u = (b: Uint8Array): string => base64url.encode(b);

const B64U = /^[A-Za-z0-9_-]*$/;
/** Strict base64url decoding: rejects padding, other alphabets and impossible lengths. */
export function fromB64u(s: string): Uint8Array {
  if (!B64U.test(s) || s.length % 4 === 1) throw new TypeError('not base64url');
  const bytes = base64url.decode(s);
  // atob ignores the unused low bits of the last character: without this check 16 texts
  // decode to one Ed25519 signature (so one signed entry has 16 entry hashes) and 4 to one JWK x.
  if (base64url.encode(bytes) !== s) throw new TypeError('not canonical base64url');
  return bytes;
}

export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** Random identifier in Crockford base32 (no I, L, O, U): short enough for a QR, 5 bits a character. */
export function randomId(chars = 12): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  const bytes = crypto.getRandomValues(new Uint8Array(chars));
  let out = '';
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}
