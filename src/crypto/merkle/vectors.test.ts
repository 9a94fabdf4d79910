/**
 * Walks test/vectors/merkle (written by its generate.ts from a naive RFC 6962
 * implementation) and checks every probe: "valid" must verify, "invalid" must
 * return false, "malformed" must throw a MerkleError with the given code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromBase64, toHex } from './bytes.ts';
import { MerkleError } from './errors.ts';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proof.ts';

const DIR = new URL('../../../test/vectors/merkle/', import.meta.url);
const read = (rel: string) => JSON.parse(readFileSync(new URL(rel, DIR), 'utf8'));
const files = (sub: string) => readdirSync(new URL(`${sub}/`, DIR)).filter((f) => f.endsWith('.json')).sort();

type Want = { want: 'valid' | 'invalid' } | { want: 'malformed'; code: string };

async function expectOutcome(run: () => Promise<boolean>, w: Want, desc: string): Promise<void> {
  let got: string;
  try {
    got = (await run()) ? 'valid' : 'invalid';
  } catch (e) {
    if (!(e instanceof MerkleError)) throw e;
    got = `malformed ${e.code}`;
  }
  expect(got, desc).toBe(w.want === 'malformed' ? `malformed ${w.code}` : w.want);
}

describe('tree.json', () => {
  // RFC 6962 test vectors, as in transparency-dev/merkle testonly/constants.go (RootHashes).
  // If the generator ever disagrees with these, the generator is wrong.
  const PUBLISHED = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  it('the generated roots for sizes 0..8 are the published ones', () => {
    expect(read('tree.json').roots.slice(0, 9)).toEqual(PUBLISHED);
  });
});

describe.each(files('inclusion'))('inclusion/%s', (file) => {
  const { probes } = read(`inclusion/${file}`);
  it(`${probes.length} probes`, async () => {
    for (const p of probes) {
      const leaf = fromBase64(p.leafHash);
      const proof = p.proof.map(fromBase64);
      const root = fromBase64(p.root);
      await expectOutcome(() => verifyInclusion(leaf, p.index, p.size, proof, root), p, `${p.desc} (index ${p.index}, size ${p.size})`);
      if (p.desc === 'valid') expect(toHex(await rootFromInclusionProof(leaf, p.index, p.size, proof))).toBe(toHex(root));
    }
  });
});

describe.each(files('consistency'))('consistency/%s', (file) => {
  const { probes } = read(`consistency/${file}`);
  it(`${probes.length} probes`, async () => {
    for (const p of probes) {
      const proof = p.proof.map(fromBase64);
      await expectOutcome(
        () => verifyConsistency(p.size1, p.size2, proof, fromBase64(p.root1), fromBase64(p.root2)),
        p,
        `${p.desc} (${p.size1} → ${p.size2})`,
      );
    }
  });
});

