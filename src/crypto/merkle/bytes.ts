import { MerkleError } from './errors.ts';

// Canonical standard base64 (RFC 4648 §4) with padding. atob alone is too
// forgiving (it accepts missing padding and whitespace), and a hash or a
// signature must have exactly one spelling, so we check the shape first and
// the re-encoding after.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Standard base64 with padding, as in checkpoints and proofs.
 * @example toBase64(new Uint8Array([0xfb, 0xff])) // '+/8='
 */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

/**
 * Decodes canonical standard base64; throws INVALID_BASE64 on anything else (no padding, URL alphabet, spaces…).
 * @example fromBase64('+/8=') // Uint8Array [0xfb, 0xff]
 */
export function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text))
    throw new MerkleError('INVALID_BASE64', 'not standard base64 with padding');
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  // Rejects non-zero unused bits in the last quantum ("YR==" vs "YQ==").
  if (toBase64(out) !== text) throw new MerkleError('INVALID_BASE64', 'non-canonical base64');
  return out;
}

/**
 * Lowercase hex.
 * @example toHex(emptyRoot()) // 'e3b0c442…'
 */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * Decodes lowercase hex; throws INVALID_HASH otherwise.
 * @example fromHex('5dc9da79…')
 */
export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new MerkleError('INVALID_HASH', 'not lowercase hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Constant-time in the contents (not the lengths), so a root comparison leaks nothing useful. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
