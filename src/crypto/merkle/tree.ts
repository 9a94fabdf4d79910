/**
 * Roots and proofs computed from a store of complete-subtree hashes, never
 * from all the leaves. Each function first lists the node ids it needs
 * (nodes.ts), then reads them in one batch, so a SQL store answers with one
 * `WHERE (level, index) IN (…)` query: O(log n) rows.
 */
import { MerkleError } from './errors.ts';
import { EMPTY_ROOT, HASH_SIZE, nodeHashSync } from './hash.ts';
import {
  type NodeId,
  type ProofStep,
  consistencyProofSteps,
  inclusionProofSteps,
  rightEdgeNodes,
} from './nodes.ts';

export type { NodeId } from './nodes.ts';

/** Where the tree's complete-subtree hashes live (one row per node in the database). */
export interface NodeReader {
  /** Hash of leaves [index·2^level, (index+1)·2^level). */
  get(level: number, index: number): Promise<Uint8Array>;
  /** Optional batch read, answered in the order asked; used instead of `get` when present. */
  readNodes?(ids: readonly NodeId[]): Promise<Uint8Array[]>;
}

/**
 * Reads `ids` with one batch call (or parallel `get`s) and checks that 32-byte hashes came back.
 * @example const [left, right] = await readNodes(store, [{ level: 0, index: 4 }, { level: 0, index: 5 }])
 */
export async function readNodes(reader: NodeReader, ids: readonly NodeId[]): Promise<Uint8Array[]> {
  if (ids.length === 0) return [];
  const hashes = reader.readNodes
    ? await reader.readNodes(ids)
    : await Promise.all(ids.map((id) => reader.get(id.level, id.index)));
  if (!Array.isArray(hashes) || hashes.length !== ids.length) {
    throw new MerkleError(
      'NODE_READ_FAILED',
      `asked for ${ids.length} nodes, got ${hashes?.length}`,
    );
  }
  hashes.forEach((h, i) => {
    if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
      throw new MerkleError(
        'NODE_READ_FAILED',
        `node ${ids[i]!.level}/${ids[i]!.index} is not a ${HASH_SIZE}-byte hash`,
      );
    }
  });
  return hashes;
}

// Complete subtrees listed left to right combine right to left: the RFC 6962
// tree is left-heavy, so the rightmost pieces pair up first.
export function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHashSync(hashes[i]!, acc);
  return acc;
}

async function readSteps(reader: NodeReader, steps: readonly ProofStep[]): Promise<Uint8Array[]> {
  const hashes = await readNodes(reader, steps.flat());
  let at = 0;
  return steps.map((step) => foldRight(hashes.slice(at, (at += step.length))));
}

/**
 * The root hash of the first `size` leaves; reads popcount(size) nodes.
 * @example const root = await rootAt(checkpointSize, store)
 */
export async function rootAt(size: number, reader: NodeReader): Promise<Uint8Array> {
  const ids = rightEdgeNodes(size);
  if (ids.length === 0) return EMPTY_ROOT.slice();
  return foldRight(await readNodes(reader, ids));
}

/**
 * The RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves, leaf side first.
 * @example const hashes = (await inclusionProof(5, 8, store)).map(toBase64)
 */
export async function inclusionProof(
  index: number,
  size: number,
  reader: NodeReader,
): Promise<Uint8Array[]> {
  return readSteps(reader, inclusionProofSteps(index, size));
}

/**
 * The RFC 9162 consistency proof from the tree of `size1` leaves to the tree of `size2` leaves.
 * @example const hashes = await consistencyProof(oldSize, newSize, store)
 */
export async function consistencyProof(
  size1: number,
  size2: number,
  reader: NodeReader,
): Promise<Uint8Array[]> {
  return readSteps(reader, consistencyProofSteps(size1, size2));
}
