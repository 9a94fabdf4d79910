import { describe, expect, it } from 'vitest';
import { LEAVES_HEX, ROOTS_HEX } from '../../../test/vectors/merkle/rfc6962.ts';
import { mth, path } from '../../../test/vectors/merkle/naive.ts';
import { fromHex, toHex } from './bytes.ts';
import { leafHashSync } from './hash.ts';
import { MemoryTree } from './memory-tree.ts';
import { verifyInclusion } from './proof.ts';

const leaves = LEAVES_HEX.map(fromHex);

describe('MemoryTree (a dues batch’s tree)', () => {
  it.each(ROOTS_HEX.map((root, i) => [i + 1, root] as const))(
    'the first %d RFC 6962 leaves give the published root',
    async (n, root) => {
      const tree = MemoryTree.of(leaves.slice(0, n).map(leafHashSync));
      expect(toHex(await tree.root())).toBe(root);
    },
  );

  it('proves every leaf of trees up to 40 leaves as the naive RFC definition does', async () => {
    for (let n = 1; n <= 40; n++) {
      const data = Array.from({ length: n }, (_, i) => Uint8Array.of(i, n));
      const tree = MemoryTree.of(data.map(leafHashSync));
      const root = await tree.root();
      expect(toHex(root)).toBe(toHex(mth(data)));
      for (let i = 0; i < n; i++) {
        const proof = await tree.proof(i);
        expect(proof.map(toHex)).toEqual(path(i, data).map(toHex));
        expect(await verifyInclusion(leafHashSync(data[i]!), i, n, proof, root)).toBe(true);
      }
    }
  });
});
