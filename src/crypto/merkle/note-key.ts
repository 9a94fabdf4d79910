/**
 * Note keys (c2sp.org/signed-note, Ed25519 only): key names, key IDs and the
 * `<name>+<hex key ID>+<base64(0x01 ‖ public key)>` verifier key strings of
 * Go's golang.org/x/mod/sumdb/note.
 *
 *     key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4], big-endian
 */
import { concat, fromBase64, toBase64 } from './bytes.ts';
import { MerkleError } from './errors.ts';

const ALG_ED25519 = 0x01;
const ED25519 = { name: 'Ed25519' } as const;

/** Who signs: a key name and an Ed25519 key pair from WebCrypto. */
export interface NoteSigner {
  readonly name: string;
  readonly privateKey: CryptoKey;
  /** The 32-byte raw Ed25519 public key, for the key ID. */
  readonly publicKeyRaw: Uint8Array;
}

/** A trusted key, as parsed from a `<name>+<keyid>+<key>` verifier key string. */
export interface NoteVerifier {
  readonly name: string;
  /** uint32 key ID. */
  readonly keyId: number;
  readonly publicKeyRaw: Uint8Array;
}

const encoder = new TextEncoder();
// Same set as Go's unicode.IsSpace, so a name Go accepts is one we accept.
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** A copy backed by a plain ArrayBuffer, as WebCrypto's types ask. */
export function rawBytes(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(u);
}

/**
 * Whether `name` may be a note key name: non-empty, no spaces, no '+'.
 * @example isValidKeyName('log.example/pmc') // true
 */
export function isValidKeyName(name: string): boolean {
  return (
    typeof name === 'string' &&
    name !== '' &&
    !SPACE.test(name) &&
    !name.includes('+') &&
    isCleanText(name)
  );
}

/** Well-formed UTF-16 (so valid UTF-8 once encoded) with no control character but newline. */
export function isCleanText(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(s)) return false;
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

function checkName(name: string): void {
  if (!isValidKeyName(name))
    throw new MerkleError('MALFORMED_KEY', `invalid key name ${JSON.stringify(name)}`);
}

function checkPublicKey(pub: Uint8Array): void {
  if (!(pub instanceof Uint8Array) || pub.length !== 32) {
    throw new MerkleError('MALFORMED_KEY', 'an Ed25519 public key is 32 bytes');
  }
}

/**
 * The note key ID: first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ publicKey), as a uint32.
 * @example (await noteKeyId('PeterNeumann', pub)).toString(16) // 'c74f20a3'
 */
export async function noteKeyId(name: string, publicKeyRaw: Uint8Array): Promise<number> {
  checkName(name);
  checkPublicKey(publicKeyRaw);
  const input = concat(encoder.encode(name), new Uint8Array([0x0a, ALG_ED25519]), publicKeyRaw);
  const digest = new DataView(await crypto.subtle.digest('SHA-256', rawBytes(input)));
  return digest.getUint32(0);
}

export const hex8 = (id: number): string => id.toString(16).padStart(8, '0');

/**
 * The standard verifier key string `<name>+<hex key ID>+<base64(0x01 ‖ publicKey)>`.
 * @example await verifierKey('log.example/pmc', pub) // 'log.example/pmc+1a2b3c4d+AR…'
 */
export async function verifierKey(name: string, publicKeyRaw: Uint8Array): Promise<string> {
  const id = await noteKeyId(name, publicKeyRaw);
  return `${name}+${hex8(id)}+${toBase64(concat(new Uint8Array([ALG_ED25519]), publicKeyRaw))}`;
}

/**
 * Parses a verifier key string and checks its key ID against the name and key.
 * @example const v = await parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')
 */
export async function parseVerifierKey(vkey: string): Promise<NoteVerifier> {
  const bad = (why: string, cause?: unknown) =>
    new MerkleError('MALFORMED_KEY', `malformed verifier key: ${why}`, { cause });
  const m = /^([^+]*)\+([0-9a-f]{8})\+(.*)$/s.exec(typeof vkey === 'string' ? vkey : '');
  if (!m) throw bad('want <name>+<8 hex digits>+<base64 key>');
  const [, name, idText, keyText] = m as unknown as [string, string, string, string];
  if (!isValidKeyName(name)) throw bad('invalid name');
  let key: Uint8Array;
  try {
    key = fromBase64(keyText);
  } catch (e) {
    throw bad('key is not base64', e);
  }
  if (key.length !== 33 || key[0] !== ALG_ED25519)
    throw bad('not an Ed25519 key (0x01 ‖ 32 bytes)');
  const publicKeyRaw = key.slice(1);
  const keyId = await noteKeyId(name, publicKeyRaw);
  if (hex8(keyId) !== idText)
    throw bad(`key ID ${idText} does not match the name and key (${hex8(keyId)})`);
  return { name, keyId, publicKeyRaw };
}

export async function ed25519Verify(
  pub: Uint8Array,
  sig: Uint8Array,
  msg: Uint8Array,
): Promise<boolean> {
  if (sig.length !== 64) return false;
  const key = await crypto.subtle.importKey('raw', rawBytes(pub), ED25519, false, ['verify']);
  return crypto.subtle.verify(ED25519, key, rawBytes(sig), rawBytes(msg));
}

/**
 * The 8-digit hex form of a key ID, as in verifier keys.
 * @example keyIdHex(0xc74f20a3) // 'c74f20a3'
 */
export function keyIdHex(keyId: number): string {
  return hex8(keyId);
}
