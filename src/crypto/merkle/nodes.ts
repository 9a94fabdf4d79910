/**
 * Which stored nodes a root or a proof needs: pure index maths, no hashing.
 *
 * Every stored node is a *complete* subtree: level L, index i is the hash of
 * leaves [i·2^L, (i+1)·2^L). A proof hash that covers an incomplete subtree
 * (the right border of the tree) is not stored; it is listed here as the run
 * of complete subtrees it is made of, and tree.ts folds them.
 */
import {
  bitLength,
  checkConsistency,
  checkInclusion,
  checkSize,
  isOdd,
  shr,
  trailingZeros,
} from './bits.ts';

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** One proof hash: a single stored node, or several to fold right to left. */
export type ProofStep = readonly NodeId[];

/**
 * The complete subtrees that make up leaves [begin, end), left to right (a compact range).
 * @example rangeNodes(3, 8) // [{ level: 0, index: 3 }, { level: 2, index: 1 }]
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  while (begin < end) {
    // The biggest aligned subtree starting at `begin` that fits.
    let level = begin === 0 ? bitLength(end) - 1 : trailingZeros(begin);
    while (begin + 2 ** level > end) level--;
    out.push({ level, index: shr(begin, level) });
    begin += 2 ** level;
  }
  return out;
}

/**
 * The right edge of a tree of `size` leaves: the complete subtrees whose
 * hashes fold into its root, biggest first. This is also the state of a
 * CompactRange at that size.
 * @example rightEdgeNodes(7) // [{ level: 2, index: 0 }, { level: 1, index: 2 }, { level: 0, index: 6 }]
 */
export function rightEdgeNodes(size: number): NodeId[] {
  checkSize('size', size);
  return rangeNodes(0, size);
}

/**
 * Proof steps from the node at (`fromLevel`, index >> fromLevel) up to the
 * root of a tree of `size` leaves, leaf side first. `index` is any leaf
 * under that node.
 */
export function inclusionSteps(index: number, size: number, fromLevel = 0): ProofStep[] {
  const steps: ProofStep[] = [];
  const height = bitLength(size - 1);
  for (let level = fromLevel; level < height; level++) {
    const node = shr(index, level);
    const sibling = isOdd(node) ? node - 1 : node + 1;
    const start = sibling * 2 ** level;
    if (sibling < node) {
      steps.push([{ level, index: sibling }]); // Left siblings are always complete.
    } else if (start >= size) {
      continue; // No right sibling: the node is promoted a level unchanged.
    } else if (start + 2 ** level <= size) {
      steps.push([{ level, index: sibling }]);
    } else {
      steps.push(rangeNodes(start, size)); // Right border: not stored, made of parts.
    }
  }
  return steps;
}

/** RFC 9162 §2.1.3.1 inclusion proof for leaf `index` in a tree of `size` leaves. */
export function inclusionProofSteps(index: number, size: number): ProofStep[] {
  checkInclusion(index, size);
  return inclusionSteps(index, size);
}

/** RFC 9162 §2.1.4.1 consistency proof from `size1` to `size2` leaves. */
export function consistencyProofSteps(size1: number, size2: number): ProofStep[] {
  checkConsistency(size1, size2);
  if (size1 === 0 || size1 === size2) return [];
  // The biggest complete subtree ending at size1, then its inclusion proof in
  // the new tree. When that subtree is the whole old tree (size1 a power of
  // two) the verifier already has it as root1, so it is left out.
  const level = trailingZeros(size1);
  const index = shr(size1 - 1, level);
  const steps = inclusionSteps(size1 - 1, size2, level);
  return index === 0 ? steps : [[{ level, index }], ...steps];
}
