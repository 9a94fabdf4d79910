/**
 * Proof verification, step for step as RFC 9162 §2.1.3.2 (inclusion) and
 * §2.1.4.2 (consistency). The variable names (fn, sn, fr, sr) are the RFC's,
 * so the code can be read beside it.
 *
 * Before running the RFC loop we compute the one proof length an honest log
 * can produce for these sizes and refuse anything else with a MerkleError:
 * the RFC loop alone would also fail such a proof, but an error with a code
 * tells a caller "malformed" apart from "does not match".
 */
import {
  bitLength,
  checkConsistency,
  checkInclusion,
  half,
  highestDifferingBit,
  isOdd,
  shr,
  trailingZeros,
} from './bits.ts';
import { bytesEqual } from './bytes.ts';
import { MerkleError } from './errors.ts';
import { EMPTY_ROOT, checkHash, nodeHashSync } from './hash.ts';

function popcount(n: number): number {
  let c = 0;
  for (; n > 0; n = half(n)) if (isOdd(n)) c++;
  return c;
}

/** Hashes in the inclusion proof of leaf `index` in a tree of `size` leaves. */
export function inclusionProofLength(index: number, size: number): number {
  const inner = highestDifferingBit(index, size - 1) + 1;
  return inner + popcount(shr(index, inner));
}

/** Hashes in the consistency proof from `size1` to `size2` (0 < size1 < size2). */
export function consistencyProofLength(size1: number, size2: number): number {
  // The proof is the biggest complete subtree ending at size1 (left out when
  // it is the whole old tree, i.e. size1 is a power of two) followed by that
  // subtree's inclusion proof in the new tree.
  const level = trailingZeros(size1);
  const index = shr(size1 - 1, level);
  return (index === 0 ? 0 : 1) + inclusionProofLength(index, shr(size2 - 1, level) + 1);
}

function checkProof(proof: readonly Uint8Array[], want: number): void {
  if (!Array.isArray(proof) || proof.length !== want) {
    throw new MerkleError(
      'INVALID_PROOF_LENGTH',
      `proof must have ${want} hashes, got ${proof?.length}`,
    );
  }
  proof.forEach((p, i) => checkHash(`proof[${i}]`, p));
}

function inclusionLoop(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Uint8Array {
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new MerkleError('INVALID_PROOF_LENGTH', 'proof is too long');
    if (isOdd(fn) || fn === sn) {
      r = nodeHashSync(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHashSync(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new MerkleError('INVALID_PROOF_LENGTH', 'proof is too short');
  return r;
}

/**
 * The root that an inclusion proof leads to; throws MerkleError on malformed input.
 * @example const root = await rootFromInclusionProof(leaf, 5, 8, proof)
 */
export async function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Promise<Uint8Array> {
  checkHash('leafHash', leafHash);
  checkInclusion(index, size);
  checkProof(proof, inclusionProofLength(index, size));
  return inclusionLoop(leafHash, index, size, proof);
}

/**
 * Checks that `leafHash` is leaf `index` of the tree of `size` leaves with `root` (RFC 9162 §2.1.3.2).
 * Returns false when the proof does not match; throws MerkleError when it is malformed.
 * @example if (!(await verifyInclusion(leaf, 5, 8, proof, checkpoint.root))) reject()
 */
export async function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  checkHash('root', root);
  return bytesEqual(await rootFromInclusionProof(leafHash, index, size, proof), root);
}

/**
 * Checks that the tree of `size2` leaves with `root2` extends the tree of `size1` leaves with `root1`
 * (RFC 9162 §2.1.4.2). Returns false when the proof does not match; throws MerkleError when malformed.
 * @example if (!(await verifyConsistency(old.size, cur.size, proof, old.root, cur.root))) alarm()
 */
export async function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Promise<boolean> {
  checkConsistency(size1, size2);
  checkHash('root1', root1);
  checkHash('root2', root2);
  // The RFC loop covers 0 < size1 < size2; the two trivial cases have empty proofs.
  // Stricter than Go, which ignores root1 when size1 is 0: the empty tree has one root.
  if (size1 === 0) {
    checkProof(proof, 0);
    return bytesEqual(root1, EMPTY_ROOT) && (size2 > 0 || bytesEqual(root2, EMPTY_ROOT));
  }
  if (size1 === size2) {
    checkProof(proof, 0);
    return bytesEqual(root1, root2);
  }
  checkProof(proof, consistencyProofLength(size1, size2));

  // Step 2: a power-of-two first tree is itself a node of the second one.
  const path = bitLength(size1) - 1 === trailingZeros(size1) ? [root1, ...proof] : [...proof];
  // Step 3-4.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (const c of path.slice(1)) {
    if (sn === 0) throw new MerkleError('INVALID_PROOF_LENGTH', 'proof is too long');
    if (isOdd(fn) || fn === sn) {
      fr = nodeHashSync(c, fr);
      sr = nodeHashSync(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHashSync(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  if (sn !== 0) throw new MerkleError('INVALID_PROOF_LENGTH', 'proof is too short');
  return bytesEqual(fr, root1) && bytesEqual(sr, root2);
}
