import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashLeaf, mth, path, proof as naiveProof } from '../../../test/vectors/merkle/naive.ts';
import { LEAVES_HEX, ROOTS_HEX } from '../../../test/vectors/merkle/rfc6962.ts';
import { fromHex, toHex } from './bytes.ts';
import { CompactRange, type StoredNode } from './compact-range.ts';
import { MerkleError } from './errors.ts';
import { leafHashSync, nodeHashSync } from './hash.ts';
import { verifyConsistency, verifyInclusion } from './proof.ts';
import { type NodeId, type NodeReader, consistencyProof, inclusionProof, rootAt } from './tree.ts';

/** An in-memory node store, filled by CompactRange as the database would be. */
class MemoryStore implements NodeReader {
  readonly nodes = new Map<string, Uint8Array>();
  batches = 0;
  put(n: StoredNode): void {
    const key = `${n.level}/${n.index}`;
    if (this.nodes.has(key)) throw new Error(`node ${key} stored twice`);
    this.nodes.set(key, n.hash);
  }
  async get(level: number, index: number): Promise<Uint8Array> {
    const h = this.nodes.get(`${level}/${index}`);
    if (!h) throw new Error(`no node ${level}/${index}`);
    return h;
  }
  async readNodes(ids: readonly NodeId[]): Promise<Uint8Array[]> {
    this.batches++;
    return Promise.all(ids.map((id) => this.get(id.level, id.index)));
  }
}

const leafData = (i: number) => new TextEncoder().encode(`leaf ${i}`);

async function buildTree(n: number) {
  const store = new MemoryStore();
  const range = CompactRange.empty();
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    leaves.push(leafData(i));
    const { nodes } = await range.append(leafHashSync(leafData(i)));
    nodes.forEach((node) => store.put(node));
  }
  return { store, range, leaves };
}

/** Every proof with any one byte changed must fail (false or a MerkleError), never verify. */
async function everyByteFlipFails(
  proof: Uint8Array[],
  check: (p: Uint8Array[]) => Promise<boolean>,
  mask: number,
) {
  for (let i = 0; i < proof.length; i++) {
    for (let b = 0; b < 32; b++) {
      const bad = proof.map((h, j) => (j === i ? h.map((x, k) => (k === b ? x ^ mask : x)) : h));
      const ok = await check(bad).catch((e) => {
        if (e instanceof MerkleError) return false;
        throw e;
      });
      expect(ok, `proof[${i}] byte ${b} ^ ${mask}`).toBe(false);
    }
  }
}

describe('tree.ts over a store built with CompactRange', () => {
  it('property: appender root = naive root; proofs match RFC 6962 PATH/PROOF, verify, and fail on any altered byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 300 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.integer({ min: 1, max: n }),
              fc.integer({ min: 0, max: n - 1 }),
              fc.integer({ min: 1, max: 255 }),
            ),
          ),
        async ([n, m, index, mask]) => {
          const { store, range, leaves } = await buildTree(n);
          const root = await range.root();
          expect(toHex(root)).toBe(toHex(mth(leaves)));
          expect(store.nodes.size).toBe(2 * n - [...n.toString(2)].filter((c) => c === '1').length);
          const rootM = await rootAt(m, store);
          expect(toHex(rootM)).toBe(toHex(mth(leaves.slice(0, m))));
          expect(toHex(await rootAt(n, store))).toBe(toHex(root));

          const leaf = hashLeaf(leaves[index]!);
          const inc = await inclusionProof(index, n, store);
          expect(inc.map(toHex)).toEqual(path(index, leaves).map(toHex));
          expect(await verifyInclusion(leaf, index, n, inc, root)).toBe(true);
          await everyByteFlipFails(inc, (p) => verifyInclusion(leaf, index, n, p, root), mask);

          const con = await consistencyProof(m, n, store);
          expect(con.map(toHex)).toEqual(naiveProof(m, leaves).map(toHex));
          expect(await verifyConsistency(m, n, con, rootM, root)).toBe(true);
          await everyByteFlipFails(con, (p) => verifyConsistency(m, n, p, rootM, root), mask);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('reproduces the published RFC 6962 roots and compact trees for the 8 test leaves', async () => {
    // RFC 6962 test vectors, as in transparency-dev/merkle testonly/constants.go (RootHashes, CompactTrees).
    const leaves = LEAVES_HEX;
    const roots = ROOTS_HEX;
    const edge7 = [
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7', // nh[2][0]
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', // nh[1][2]
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', // nh[0][6]
    ];
    const range = CompactRange.empty();
    for (const [i, leaf] of leaves.entries()) {
      const { root } = await range.append(leafHashSync(fromHex(leaf)));
      expect(toHex(root)).toBe(roots[i]);
      if (i === 6) expect(range.edge().map((n) => toHex(n.hash))).toEqual(edge7);
    }
  });

  it('appending reports the leaf and every subtree it completes', async () => {
    const range = CompactRange.empty();
    const shapes = [];
    for (let i = 0; i < 8; i++) {
      const { nodes } = await range.append(leafHashSync(leafData(i)));
      shapes.push(nodes.map((n) => `${n.level}/${n.index}`).join(' '));
    }
    expect(shapes).toEqual([
      '0/0',
      '0/1 1/0',
      '0/2',
      '0/3 1/1 2/0',
      '0/4',
      '0/5 1/2',
      '0/6',
      '0/7 1/3 2/1 3/0',
    ]);
  });

  it('a range reloaded from the store continues where it left off', async () => {
    const { store, leaves } = await buildTree(13);
    const range = await CompactRange.load(13, store);
    expect(range.size).toBe(13);
    const { root } = await range.append(leafHashSync(leafData(13)));
    expect(toHex(root)).toBe(toHex(mth([...leaves, leafData(13)])));
    expect(() => CompactRange.fromEdge(13, [root])).toThrow(MerkleError);
  });
});

describe('node reads', () => {
  /** A lazy store of a million leaves: hash = f(level, index), reads counted. */
  function synthetic() {
    const reader = {
      reads: 0,
      batches: 0,
      async get(level: number, index: number) {
        reader.reads++;
        return leafHashSync(new TextEncoder().encode(`${level}/${index}`));
      },
      async readNodes(ids: readonly NodeId[]) {
        reader.batches++;
        return Promise.all(ids.map((id) => reader.get(id.level, id.index)));
      },
    };
    return reader;
  }

  it('inclusionProof at size 1,000,000 reads ≤ 2·log2(n) nodes, in one batch', async () => {
    const n = 1_000_000;
    for (const index of [0, 1, 2, 500_000, 999_423, 999_998, 999_999, 123_456]) {
      const reader = synthetic();
      const proof = await inclusionProof(index, n, reader);
      expect(reader.reads).toBeLessThanOrEqual(2 * Math.log2(n));
      expect(reader.batches).toBe(1);
      expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
    }
  });

  it('consistencyProof and rootAt at size 1,000,000 read O(log n) nodes, in one batch', async () => {
    const n = 1_000_000;
    for (const m of [1, 2, 3, 255, 256, 65_537, 999_999]) {
      const reader = synthetic();
      await consistencyProof(m, n, reader);
      expect(reader.reads).toBeLessThanOrEqual(2 * Math.log2(n));
      expect(reader.batches).toBe(1);
    }
    const reader = synthetic();
    await rootAt(n, reader);
    expect(reader.reads).toBe([...n.toString(2)].filter((c) => c === '1').length);
  });

  it('falls back to parallel get() when the reader has no batch read', async () => {
    const { store, leaves } = await buildTree(5);
    const getOnly: NodeReader = { get: (l, i) => store.get(l, i) };
    expect((await inclusionProof(4, 5, getOnly)).map(toHex)).toEqual(path(4, leaves).map(toHex));
  });

  it('refuses a reader that returns the wrong number of hashes or a bad hash', async () => {
    const short: NodeReader = { get: async () => new Uint8Array(32), readNodes: async () => [] };
    await expect(rootAt(3, short)).rejects.toMatchObject({ code: 'NODE_READ_FAILED' });
    const bad: NodeReader = { get: async () => new Uint8Array(31) };
    await expect(rootAt(3, bad)).rejects.toMatchObject({ code: 'NODE_READ_FAILED' });
  });
});

describe('sizes beyond 32 bits', () => {
  // A tree whose leaves are all equal: every node of a level has the same
  // hash, so a consistent store of any size is cheap. It checks the bit maths
  // (32-bit operators would break here), not which index is read.
  const levels: Uint8Array[] = [leafHashSync(new Uint8Array([42]))];
  for (let l = 1; l < 54; l++) levels.push(nodeHashSync(levels[l - 1]!, levels[l - 1]!));
  const uniform: NodeReader = { get: async (level) => levels[level]! };

  it.each([2 ** 32 + 1, 2 ** 40 + 12345, 2 ** 53 - 1])('size %i', async (n) => {
    const root = await rootAt(n, uniform);
    for (const index of [0, 2 ** 31, 2 ** 32, n - 2, n - 1]) {
      const proof = await inclusionProof(index, n, uniform);
      expect(await verifyInclusion(levels[0]!, index, n, proof, root)).toBe(true);
    }
    for (const m of [1, 2 ** 32 - 1, 2 ** 32 + 1, n - 1]) {
      const proof = await consistencyProof(m, n, uniform);
      expect(await verifyConsistency(m, n, proof, await rootAt(m, uniform), root)).toBe(true);
    }
    const range = await CompactRange.load(n - 1, uniform);
    expect(toHex((await range.append(levels[0]!)).root)).toBe(toHex(root));
  });
});
