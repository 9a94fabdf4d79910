import { describe, expect, it } from 'vitest';
import { fromBase64, fromHex, toBase64, toHex } from './bytes.ts';
import { MerkleError } from './errors.ts';
import { emptyRoot, leafHash, nodeHash } from './hash.ts';
import { LEAVES_HEX } from '../../../test/vectors/merkle/rfc6962.ts';

// RFC 6962 test vectors, as in transparency-dev/merkle testonly/constants.go:
// the leaves and their level-0 / level-1 node hashes (NodeHashes()).
const LEAVES = LEAVES_HEX;
const LEVEL0 = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];
const LEVEL1 = [
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
  '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
  'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
];

describe('RFC 6962 hashing', () => {
  it('hashes the published leaves', async () => {
    for (const [i, leaf] of LEAVES.entries())
      expect(toHex(await leafHash(fromHex(leaf)))).toBe(LEVEL0[i]);
  });

  it('hashes the published level-1 nodes', async () => {
    for (const [i, want] of LEVEL1.entries()) {
      expect(toHex(await nodeHash(fromHex(LEVEL0[2 * i]!), fromHex(LEVEL0[2 * i + 1]!)))).toBe(
        want,
      );
    }
  });

  it('empty root is SHA-256 of nothing, and a fresh copy each time', () => {
    expect(toHex(emptyRoot())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    emptyRoot()[0] = 0;
    expect(emptyRoot()[0]).toBe(0xe3);
  });

  it('refuses children that are not 32 bytes', async () => {
    await expect(nodeHash(new Uint8Array(31), new Uint8Array(32))).rejects.toMatchObject({
      code: 'INVALID_HASH',
    });
  });
});

describe('base64', () => {
  it('round-trips standard base64 with padding', () => {
    for (let len = 0; len < 40; len++) {
      const b = Uint8Array.from({ length: len }, (_, i) => (i * 77 + 250) & 0xff);
      expect(fromBase64(toBase64(b))).toEqual(b);
    }
    expect(toBase64(fromHex('fbff'))).toBe('+/8=');
  });

  it.each([
    ['missing padding', 'YQ'],
    ['url alphabet', '-_8='],
    ['whitespace', 'YW Jj'],
    ['newline', 'YWJj\n'],
    ['non-zero spare bits', 'YR=='],
    ['too much padding', 'YQ==='],
    ['padding inside', 'YQ==YQ=='],
    ['not base64 at all', "ThisIsn'tBase64"],
  ])('rejects %s', (_, text) => {
    expect(() => fromBase64(text)).toThrow(MerkleError);
    try {
      fromBase64(text);
    } catch (e) {
      expect((e as MerkleError).code).toBe('INVALID_BASE64');
    }
  });
});
