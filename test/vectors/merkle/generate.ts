/**
 * Writes the Merkle test vectors in this folder from the naive RFC 6962
 * implementation in ./naive.ts (not from src/crypto/merkle).
 *
 *     node --import tsx test/vectors/merkle/generate.ts
 *
 * Output:
 *   tree.json                  leaves, leaf hashes and MTH(D[0:n]) for n = 0..33,
 *                              in hex to compare with transparency-dev/merkle testonly/constants.go
 *   inclusion/size-NNN.json    probes for trees of NNN leaves
 *   consistency/size-NNN.json  probes from smaller trees to NNN leaves
 * Hashes in probes are standard base64, as in proofs on the wire.
 *
 * A probe says what the verifier must answer: "valid" (true), "invalid"
 * (false: well formed, but does not prove the claim) or "malformed" (throws a
 * MerkleError with `code`). Negatives are made by mutating a valid probe, as in
 * transparency-dev/merkle proof/verify_test.go (corruptInclusionProof,
 * corruptConsistencyProof), and classified by the naive verifier, never by hand.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  hashLeaf,
  mth,
  path,
  pathLength,
  proof,
  proofLength,
  rootFromPath,
  rootsFromProof,
  sha256,
} from './naive.ts';
import { LEAVES_HEX } from './rfc6962.ts';

const here = dirname(fileURLToPath(import.meta.url));
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const eq = (a: Uint8Array, b: Uint8Array): boolean => hex(a) === hex(b);

// RFC 6962 test leaves, as in transparency-dev/merkle testonly/constants.go,
// then SHA-256("pmcert merkle vector leaf <i>") to reach 33 leaves.
const RFC_LEAVES = LEAVES_HEX;
const MAX = 33;
const leaves: Uint8Array[] = Array.from({ length: MAX }, (_, i) =>
  i < RFC_LEAVES.length
    ? unhex(RFC_LEAVES[i]!)
    : sha256(new TextEncoder().encode(`pmcert merkle vector leaf ${i}`)),
);
const roots = Array.from({ length: MAX + 1 }, (_, n) => mth(leaves.slice(0, n)));

const SOME_HASH = sha256(new TextEncoder().encode('some other hash'));
const EMPTY = sha256();
const REPRODUCE =
  'node --import tsx test/vectors/merkle/generate.ts (naive RFC 6962 §2.1 MTH/PATH/PROOF in test/vectors/merkle/naive.ts)';

type Want = { want: 'valid' | 'invalid' } | { want: 'malformed'; code: string };

interface InclusionProbe {
  index: number;
  size: number;
  leafHash: Uint8Array;
  proof: Uint8Array[];
  root: Uint8Array;
}
interface ConsistencyProbe {
  size1: number;
  size2: number;
  proof: Uint8Array[];
  root1: Uint8Array;
  root2: Uint8Array;
}

const badHashes = (hs: Uint8Array[]): boolean => hs.some((h) => h.length !== 32);

function classifyInclusion(p: InclusionProbe): Want {
  if (p.index < 0 || p.size < 0 || p.index >= p.size)
    return { want: 'malformed', code: 'INVALID_RANGE' };
  if (p.proof.length !== pathLength(p.index, p.size))
    return { want: 'malformed', code: 'INVALID_PROOF_LENGTH' };
  if (badHashes([p.leafHash, p.root, ...p.proof]))
    return { want: 'malformed', code: 'INVALID_HASH' };
  const r = rootFromPath(p.index, p.size, p.leafHash, p.proof);
  return { want: r && eq(r, p.root) ? 'valid' : 'invalid' };
}

function classifyConsistency(p: ConsistencyProbe): Want {
  if (p.size1 < 0 || p.size2 < 0 || p.size1 > p.size2)
    return { want: 'malformed', code: 'INVALID_RANGE' };
  if (p.proof.length !== proofLength(p.size1, p.size2))
    return { want: 'malformed', code: 'INVALID_PROOF_LENGTH' };
  if (badHashes([p.root1, p.root2, ...p.proof])) return { want: 'malformed', code: 'INVALID_HASH' };
  // Policy beyond the RFC: size 0 is consistent with anything, but its root must be SHA-256("").
  if (p.size1 === 0)
    return {
      want: eq(p.root1, EMPTY) && (p.size2 > 0 || eq(p.root2, EMPTY)) ? 'valid' : 'invalid',
    };
  if (p.size1 === p.size2) return { want: eq(p.root1, p.root2) ? 'valid' : 'invalid' };
  const r = rootsFromProof(p.size1, p.size2, p.proof, p.root1);
  return { want: r && eq(r[0], p.root1) && eq(r[1], p.root2) ? 'valid' : 'invalid' };
}

function flipBit(hs: Uint8Array[], i: number, mask: number): Uint8Array[] {
  return hs.map((h, j) => (j === i ? Uint8Array.from(h, (b, k) => (k === 0 ? b ^ mask : b)) : h));
}

function inclusionMutations(p: InclusionProbe): [string, InclusionProbe][] {
  const { index, size, proof: pr, root } = p;
  const out: [string, InclusionProbe][] = [
    ['index - 1', { ...p, index: index - 1 }],
    ['index + 1', { ...p, index: index + 1 }],
    ['index ^ 2', { ...p, index: index ^ 2 }],
    ['size * 2', { ...p, size: size * 2 }],
    ['size / 2', { ...p, size: Math.floor(size / 2) }],
    ['size + 1', { ...p, size: size + 1 }],
    ['size - 1', { ...p, size: size - 1 }],
    ['wrong leaf', { ...p, leafHash: SOME_HASH }],
    ['empty root', { ...p, root: EMPTY }],
    ['random root', { ...p, root: SOME_HASH }],
    ['short root', { ...p, root: root.slice(0, 31) }],
    ['trailing root', { ...p, proof: [...pr, root] }],
    ['trailing garbage', { ...p, proof: [...pr, new Uint8Array(0)] }],
    ['preceding root', { ...p, proof: [root, ...pr] }],
  ];
  pr.forEach((_, i) =>
    out.push([`modified proof[${i}] bit 3`, { ...p, proof: flipBit(pr, i, 8) }]),
  );
  if (pr.length > 0) {
    out.push(['truncated proof', { ...p, proof: pr.slice(0, -1) }]);
    out.push(['short proof[0]', { ...p, proof: [pr[0]!.slice(0, 31), ...pr.slice(1)] }]);
  }
  if (pr.length > 1)
    out.push(['inserted component', { ...p, proof: [pr[0]!, SOME_HASH, ...pr.slice(1)] }]);
  // The proof of a neighbouring leaf, with this leaf's hash: the right shape, the wrong path.
  if (index + 1 < size)
    out.push(['proof for index + 1', { ...p, proof: path(index + 1, leaves.slice(0, size)) }]);
  return out;
}

function consistencyMutations(p: ConsistencyProbe): [string, ConsistencyProbe][] {
  const { size1, size2, proof: pr, root1, root2 } = p;
  const out: [string, ConsistencyProbe][] = [
    ['size1 - 1', { ...p, size1: size1 - 1 }],
    ['size1 + 1', { ...p, size1: size1 + 1 }],
    ['size1 ^ 2', { ...p, size1: size1 ^ 2 }],
    ['size2 * 2', { ...p, size2: size2 * 2 }],
    ['size2 / 2', { ...p, size2: Math.floor(size2 / 2) }],
    ['size2 + 1', { ...p, size2: size2 + 1 }],
    ['wrong root1', { ...p, root1: SOME_HASH }],
    ['wrong root2', { ...p, root2: SOME_HASH }],
    ['short root1', { ...p, root1: root1.slice(0, 31) }],
    ['swapped roots', { ...p, root1: root2, root2: root1 }],
    ['empty proof', { ...p, proof: [] }],
    ['trailing garbage', { ...p, proof: [...pr, new Uint8Array(0)] }],
    ['trailing root1', { ...p, proof: [...pr, root1] }],
    ['trailing root2', { ...p, proof: [...pr, root2] }],
    ['preceding root1', { ...p, proof: [root1, ...pr] }],
    ['preceding root2', { ...p, proof: [root2, ...pr] }],
  ];
  if (pr.length > 0) {
    out.push(['preceding proof[0]', { ...p, proof: [pr[0]!, ...pr] }]);
    out.push(['truncated proof', { ...p, proof: pr.slice(0, -1) }]);
  }
  pr.forEach((_, i) =>
    out.push([`modified proof[${i}] bit 4`, { ...p, proof: flipBit(pr, i, 16) }]),
  );
  return out;
}

// A mutation can leave a true statement: an inclusion proof fixes the tree's
// shape along one path, not its size, so (index, size ± 1) may verify with
// the same proof and root. The checkpoint binds size to root, not the proof.
const label = (desc: string, w: Want): string =>
  desc !== 'valid' && w.want === 'valid' ? `${desc} (same proof shape: still valid)` : desc;

const incJson = (desc: string, p: InclusionProbe) => ({
  desc: label(desc, classifyInclusion(p)),
  index: p.index,
  size: p.size,
  leafHash: b64(p.leafHash),
  root: b64(p.root),
  proof: p.proof.map(b64),
  ...classifyInclusion(p),
});
const conJson = (desc: string, p: ConsistencyProbe) => ({
  desc: label(desc, classifyConsistency(p)),
  size1: p.size1,
  size2: p.size2,
  root1: b64(p.root1),
  root2: b64(p.root2),
  proof: p.proof.map(b64),
  ...classifyConsistency(p),
});

// Every shape up to 16 leaves, and the 31/32/33 boundary. Mutations where the
// files stay small (the fast-check property test covers breadth): the edges
// and middle of each tree up to 8 leaves, old sizes 1, 2, 3 and n - 1 up to 8, a few at 33.
const SIZES = [...Array.from({ length: 16 }, (_, i) => i + 1), 31, 32, 33];
const mutateInclusion = (index: number, size: number) =>
  (size <= 8 && [0, 1, Math.floor(size / 2), size - 1].includes(index)) ||
  (size === 33 && [0, 32].includes(index));
const mutateConsistency = (size1: number, size2: number) =>
  (size2 <= 8 && size1 < size2 && [1, 2, 3, size2 - 1].includes(size1)) ||
  (size2 === 33 && [16, 17].includes(size1));

function write(rel: string, value: unknown): void {
  const file = join(here, rel);
  mkdirSync(dirname(file), { recursive: true });
  // One probe per line: small files, readable diffs.
  const text = Array.isArray((value as { probes?: unknown }).probes)
    ? `{"reproduce": ${JSON.stringify(REPRODUCE)},\n "probes": [\n${(value as { probes: unknown[] }).probes.map((p) => `  ${JSON.stringify(p)}`).join(',\n')}\n]}`
    : JSON.stringify(value, null, 1);
  writeFileSync(file, `${text}\n`);
}

rmSync(join(here, 'inclusion'), { recursive: true, force: true });
rmSync(join(here, 'consistency'), { recursive: true, force: true });

write('tree.json', {
  reproduce: REPRODUCE,
  leaves: leaves.map(hex),
  leafHashes: leaves.map((l) => hex(hashLeaf(l))),
  roots: roots.map(hex),
});

for (const size of SIZES) {
  const probes = [];
  for (let index = 0; index < size; index++) {
    const p: InclusionProbe = {
      index,
      size,
      leafHash: hashLeaf(leaves[index]!),
      proof: path(index, leaves.slice(0, size)),
      root: roots[size]!,
    };
    probes.push(incJson('valid', p));
    if (mutateInclusion(index, size))
      for (const [desc, m] of inclusionMutations(p)) probes.push(incJson(desc, m));
  }
  write(`inclusion/size-${String(size).padStart(3, '0')}.json`, { reproduce: REPRODUCE, probes });
}

for (const size2 of SIZES) {
  const probes = [];
  for (let size1 = 0; size1 <= size2; size1++) {
    const p: ConsistencyProbe = {
      size1,
      size2,
      proof: proof(size1, leaves.slice(0, size2)),
      root1: roots[size1]!,
      root2: roots[size2]!,
    };
    probes.push(conJson('valid', p));
    if (mutateConsistency(size1, size2))
      for (const [desc, m] of consistencyMutations(p)) probes.push(conJson(desc, m));
  }
  write(`consistency/size-${String(size2).padStart(3, '0')}.json`, {
    reproduce: REPRODUCE,
    probes,
  });
}
