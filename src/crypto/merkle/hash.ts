/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 hashing with domain separation: a leaf is
 * never confused with an interior node because of the 0x00 / 0x01 prefix.
 *
 * The async functions are the public contract; they compute synchronously
 * with ./sha256.ts because a `crypto.subtle.digest` call costs a promise round
 * trip that dwarfs hashing 65 bytes (see sha256.ts for the measurement).
 */
import { fromBase64, toBase64 } from './bytes.ts';
import { MerkleError } from './errors.ts';
import { sha256Sync } from './sha256.ts';

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** SHA-256(""), the root of the empty tree. */
export const EMPTY_ROOT: Uint8Array = sha256Sync();

export function checkHash(name: string, h: Uint8Array): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new MerkleError('INVALID_HASH', `${name} must be ${HASH_SIZE} bytes`);
  }
}

/**
 * leafHash, synchronously, for hot loops.
 * @example const h = leafHashSync(entryHash)
 */
export function leafHashSync(data: Uint8Array): Uint8Array {
  return sha256Sync(LEAF_PREFIX, data);
}

/**
 * nodeHash, synchronously, for hot loops.
 * @example const parent = nodeHashSync(left, right)
 */
export function nodeHashSync(left: Uint8Array, right: Uint8Array): Uint8Array {
  checkHash('left', left);
  checkHash('right', right);
  return sha256Sync(NODE_PREFIX, left, right);
}

/**
 * SHA-256(0x00 ‖ data), the hash of one log leaf.
 * @example const h = await leafHash(entryHash) // entryHash: the 32-byte entry hash
 */
export async function leafHash(data: Uint8Array): Promise<Uint8Array> {
  return leafHashSync(data);
}

/**
 * SHA-256(0x01 ‖ left ‖ right), the hash of an interior node.
 * @example const parent = await nodeHash(leftChild, rightChild)
 */
export async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return nodeHashSync(left, right);
}

/**
 * The root hash of the empty tree, SHA-256 of no bytes.
 * @example toHex(emptyRoot()) // 'e3b0c442…b855'
 */
export function emptyRoot(): Uint8Array {
  return EMPTY_ROOT.slice();
}

/**
 * A hash as standard base64, the form in checkpoints and proofs on the wire.
 * @example encodeHash(root) // 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg='
 */
export function encodeHash(hash: Uint8Array): string {
  checkHash('hash', hash);
  return toBase64(hash);
}

/**
 * Decodes a base64 hash; throws INVALID_BASE64 for non-canonical base64, INVALID_HASH unless 32 bytes.
 * @example const proof = body.hashes.map(decodeHash)
 */
export function decodeHash(text: string): Uint8Array {
  const hash = fromBase64(text);
  checkHash('hash', hash);
  return hash;
}
