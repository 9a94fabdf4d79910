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
import { EMPTY_ROOT_HEX, ROOTS_HEX } from '../../../test/vectors/merkle/rfc6962.ts';

const DIR = new URL('../../../test/vectors/merkle/', import.meta.url);
const read = (rel: string) => JSON.parse(readFileSync(new URL(rel, DIR), 'utf8'));
const files = (sub: string) =>
  readdirSync(new URL(`${sub}/`, DIR))
    .filter((f) => f.endsWith('.json'))
    .sort();

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
  const PUBLISHED = [EMPTY_ROOT_HEX, ...ROOTS_HEX];
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
      await expectOutcome(
        () => verifyInclusion(leaf, p.index, p.size, proof, root),
        p,
        `${p.desc} (index ${p.index}, size ${p.size})`,
      );
      if (p.desc === 'valid')
        expect(toHex(await rootFromInclusionProof(leaf, p.index, p.size, proof))).toBe(toHex(root));
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
