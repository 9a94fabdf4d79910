/**
 * The appender: the log's right edge, O(log n) hashes, is all it takes to add
 * a leaf. Each append returns the complete subtrees it finished, which the
 * database stores as one row each, and the new root.
 */
import { checkSize, half, isOdd } from './bits.ts';
import { MerkleError } from './errors.ts';
import { EMPTY_ROOT, checkHash, nodeHashSync } from './hash.ts';
import { type NodeId, rightEdgeNodes } from './nodes.ts';
import { type NodeReader, foldRight, readNodes } from './tree.ts';

/** A complete-subtree hash to store: leaves [index·2^level, (index+1)·2^level). */
export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

export interface AppendResult {
  /** Newly completed nodes, lowest level first; the first is the leaf itself (level 0). */
  readonly nodes: StoredNode[];
  /** Root of the tree after the append. */
  readonly root: Uint8Array;
}

export class CompactRange {
  #size: number;
  /** Right-edge hashes, biggest subtree first (the order of rightEdgeNodes). */
  #edge: Uint8Array[];

  private constructor(size: number, edge: Uint8Array[]) {
    this.#size = size;
    this.#edge = edge;
  }

  /**
   * A range for the empty tree.
   * @example const range = CompactRange.empty()
   */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /**
   * A range from the right-edge hashes of a tree of `size` leaves, in rightEdgeNodes(size) order.
   * @example CompactRange.fromEdge(3, [node_1_0, node_0_2])
   */
  static fromEdge(size: number, hashes: readonly Uint8Array[]): CompactRange {
    const ids = rightEdgeNodes(size);
    if (hashes.length !== ids.length) {
      throw new MerkleError(
        'INVALID_PROOF_LENGTH',
        `a tree of ${size} leaves has ${ids.length} edge hashes, got ${hashes.length}`,
      );
    }
    hashes.forEach((h, i) => checkHash(`hashes[${i}]`, h));
    return new CompactRange(
      size,
      hashes.map((h) => h.slice()),
    );
  }

  /**
   * Loads the right edge of a tree of `size` leaves from the node store in one batch read.
   * @example const range = await CompactRange.load(await currentSize(db), store)
   */
  static async load(size: number, reader: NodeReader): Promise<CompactRange> {
    return CompactRange.fromEdge(size, await readNodes(reader, rightEdgeNodes(size)));
  }

  get size(): number {
    return this.#size;
  }

  /** The right-edge node ids and hashes, biggest first: what `fromEdge` takes back. */
  edge(): StoredNode[] {
    return rightEdgeNodes(this.#size).map((id, i) => ({ ...id, hash: this.#edge[i]!.slice() }));
  }

  /**
   * Appends one leaf hash; returns the nodes to store and the new root.
   * @example const { nodes, root } = await range.append(await leafHash(entryHash))
   */
  async append(leafHash: Uint8Array): Promise<AppendResult> {
    checkHash('leafHash', leafHash);
    checkSize('size', this.#size + 1);
    let hash: Uint8Array = leafHash.slice();
    let index = this.#size;
    let level = 0;
    const nodes: StoredNode[] = [{ level, index, hash }];
    // Each trailing 1-bit of the old size is an edge node of that level that
    // the new leaf completes into a bigger subtree.
    for (let s = this.#size; isOdd(s); s = half(s)) {
      hash = nodeHashSync(this.#edge.pop()!, hash);
      level++;
      index = half(index);
      nodes.push({ level, index, hash });
    }
    this.#edge.push(hash);
    this.#size++;
    return { nodes, root: this.#root() };
  }

  /**
   * The root hash of the tree the range covers.
   * @example const root = await range.root()
   */
  async root(): Promise<Uint8Array> {
    return this.#root();
  }

  #root(): Uint8Array {
    return this.#edge.length === 0 ? EMPTY_ROOT.slice() : foldRight(this.#edge);
  }
}
