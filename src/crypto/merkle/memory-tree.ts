/**
 * A small RFC 9162 tree held in memory (a dues batch: one branch's lines),
 * with every complete subtree kept, so the same root and proof code as the
 * log's (tree.ts) answers from it.
 */
import { checkHash, nodeHashSync } from './hash.ts';
import { inclusionProof, rootAt, type NodeReader } from './tree.ts';
import { MerkleError } from './errors.ts';

export class MemoryTree implements NodeReader {
  readonly size: number;
  /** levels[k][i]: hash of leaves [i·2^k, (i+1)·2^k) */
  readonly #levels: Uint8Array[][];

  private constructor(leafHashes: readonly Uint8Array[]) {
    leafHashes.forEach((h, i) => checkHash(`leaves[${i}]`, h));
    this.size = leafHashes.length;
    this.#levels = [leafHashes.map((h) => h.slice())];
    for (let below = this.#levels[0]!; below.length > 1;) {
      const up: Uint8Array[] = [];
      for (let i = 0; i + 1 < below.length; i += 2) up.push(nodeHashSync(below[i]!, below[i + 1]!));
      this.#levels.push(up);
      below = up;
    }
  }

  /**
   * The tree over these leaf hashes (already `leafHash`ed).
   * @example const tree = MemoryTree.of(lines.map((l) => leafHashSync(encode(l))))
   */
  static of(leafHashes: readonly Uint8Array[]): MemoryTree {
    return new MemoryTree(leafHashes);
  }

  async get(level: number, index: number): Promise<Uint8Array> {
    const h = this.#levels[level]?.[index];
    if (h === undefined) throw new MerkleError('NODE_READ_FAILED', `no node ${level}/${index}`);
    return h;
  }

  /** @example const root = await tree.root() */
  root(): Promise<Uint8Array> {
    return rootAt(this.size, this);
  }

  /** The inclusion proof of leaf `index`, leaf side first. @example await tree.proof(3) */
  proof(index: number): Promise<Uint8Array[]> {
    return inclusionProof(index, this.size, this);
  }
}
