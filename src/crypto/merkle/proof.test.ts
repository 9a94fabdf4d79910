import { describe, expect, it } from 'vitest';
import { fromHex } from './bytes.ts';
import { emptyRoot, leafHash } from './hash.ts';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof.ts';
import { LEAVES_HEX, ROOTS_HEX } from '../../../test/vectors/merkle/rfc6962.ts';

// RFC 6962 test vectors, as in transparency-dev/merkle testonly/constants.go
// (RootHashes) and proof/verify_test.go (inclusionProofs, consistencyProofs).
const LEAVES = LEAVES_HEX.map(fromHex);
const ROOTS = ROOTS_HEX.map(fromHex);
const root = (size: number) => ROOTS[size - 1]!;

// Go's vectors give the leaf 1-based; these are 0-based indexes.
const INCLUSION: [index: number, size: number, proof: string[]][] = [
  [0, 1, []],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
];

const CONSISTENCY: [size1: number, size2: number, proof: string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    7,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

const H = (s: string) => new Uint8Array(32).fill(s.charCodeAt(0));

describe('verifyInclusion (published vectors)', () => {
  it.each(INCLUSION)('leaf %i of %i', async (index, size, proof) => {
    const leaf = await leafHash(LEAVES[index]!);
    const hashes = proof.map(fromHex);
    expect(await rootFromInclusionProof(leaf, index, size, hashes)).toEqual(root(size));
    expect(await verifyInclusion(leaf, index, size, hashes, root(size))).toBe(true);
    expect(await verifyInclusion(leaf, index, size, hashes, root(size === 1 ? 2 : size - 1))).toBe(
      false,
    );
  });
});

describe('verifyConsistency (published vectors)', () => {
  it.each(CONSISTENCY)('%i → %i', async (size1, size2, proof) => {
    const hashes = proof.map(fromHex);
    expect(await verifyConsistency(size1, size2, hashes, root(size1), root(size2))).toBe(true);
    if (size1 !== size2)
      expect(await verifyConsistency(size1, size2, hashes, root(size2), root(size1))).toBe(false);
  });
});

describe('edge cases (as transparency-dev/merkle TestVerifyInclusion / TestVerifyConsistency)', () => {
  const some = H('s');

  it('a one-leaf tree: the root is the leaf hash and the proof is empty', async () => {
    const leaf = await leafHash(new TextEncoder().encode('data'));
    expect(await verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true);
    expect(await verifyInclusion(leaf, 0, 1, [], some)).toBe(false);
    await expect(verifyInclusion(leaf, 0, 1, [], new Uint8Array(0))).rejects.toMatchObject({
      code: 'INVALID_HASH',
    });
  });

  it.each([
    [0, 0],
    [1, 0],
    [1, 1],
    [2, 1],
  ])('inclusion of %i in size %i is malformed', async (index, size) => {
    await expect(verifyInclusion(some, index, size, [], emptyRoot())).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
  });

  it.each([
    ['negative index', -1, 4],
    ['fractional size', 0, 2.5],
    ['size beyond 2^53', 0, 2 ** 53],
    ['NaN', Number.NaN, 4],
  ])('%s is malformed', async (_, index, size) => {
    await expect(verifyInclusion(some, index, size, [], some)).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
  });

  it('a proof of the wrong length is malformed, not merely false', async () => {
    await expect(verifyInclusion(some, 0, 8, [some, some], some)).rejects.toMatchObject({
      code: 'INVALID_PROOF_LENGTH',
    });
    await expect(verifyInclusion(some, 0, 8, [some, some, some, some], some)).rejects.toMatchObject(
      { code: 'INVALID_PROOF_LENGTH' },
    );
  });

  it('trivially consistent sizes need an empty proof and matching roots', async () => {
    const empty = emptyRoot();
    expect(await verifyConsistency(0, 0, [], empty, empty)).toBe(true);
    expect(await verifyConsistency(0, 1, [], empty, some)).toBe(true);
    expect(await verifyConsistency(1, 1, [], some, some)).toBe(true);
    expect(await verifyConsistency(1, 1, [], some, H('t'))).toBe(false);
    // Stricter than Go, which ignores root1 when size1 = 0: the empty tree has one root.
    expect(await verifyConsistency(0, 1, [], some, some)).toBe(false);
    for (const [s1, s2] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ] as const) {
      await expect(verifyConsistency(s1, s2, [empty], empty, empty)).rejects.toMatchObject({
        code: 'INVALID_PROOF_LENGTH',
      });
    }
  });

  it('time travel to the past is malformed', async () => {
    await expect(verifyConsistency(1, 0, [], some, some)).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
    await expect(verifyConsistency(2, 1, [], some, some)).rejects.toMatchObject({
      code: 'INVALID_RANGE',
    });
  });

  it('an empty proof between different sizes is malformed', async () => {
    await expect(verifyConsistency(1, 2, [], some, some)).rejects.toMatchObject({
      code: 'INVALID_PROOF_LENGTH',
    });
  });
});
