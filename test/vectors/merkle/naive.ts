/**
 * A deliberately naive RFC 6962 §2.1 Merkle tree, written straight from the
 * recursive definitions (MTH, PATH, PROOF/SUBPROOF) over the full list of
 * leaves, with node:crypto's SHA-256. It shares no code with
 * src/crypto/merkle, so the vectors it produces are an independent check.
 * Slow on purpose: O(n) hashes per call.
 */
import { createHash } from 'node:crypto';

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export const hashLeaf = (data: Uint8Array): Uint8Array => sha256(Uint8Array.of(0x00), data);
export const hashChildren = (l: Uint8Array, r: Uint8Array): Uint8Array =>
  sha256(Uint8Array.of(0x01), l, r);

/** RFC 6962 §2.1: k is the largest power of two smaller than n (n > 1). */
export function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]). */
export function mth(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return sha256();
  if (d.length === 1) return hashLeaf(d[0]!);
  const k = split(d.length);
  return hashChildren(mth(d.slice(0, k)), mth(d.slice(k)));
}

/** PATH(m, D[n]), §2.1.1. */
export function path(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

/** SUBPROOF(m, D[n], b), §2.1.2. */
function subproof(m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** PROOF(m, D[n]) for 0 < m ≤ n; empty for m = 0 (anything extends the empty tree). */
export function proof(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  return m === 0 ? [] : subproof(m, d, true);
}

/** Number of hashes in PATH(m, D[n]) and PROOF(m, D[n]): they depend on the shape only. */
const dummy = (n: number): Uint8Array[] => Array.from({ length: n }, () => new Uint8Array(0));
export const pathLength = (m: number, n: number): number => path(m, dummy(n)).length;
export const proofLength = (m: number, n: number): number =>
  m === 0 || m === n ? 0 : subproofLength(m, n, true);
function subproofLength(m: number, n: number, b: boolean): number {
  if (m === n) return b ? 0 : 1;
  const k = split(n);
  return 1 + (m <= k ? subproofLength(m, k, b) : subproofLength(m - k, n - k, false));
}

/** The root that PATH(m, D[n]) leads to, by undoing the recursion; null if the length is wrong. */
export function rootFromPath(
  m: number,
  n: number,
  leaf: Uint8Array,
  p: readonly Uint8Array[],
): Uint8Array | null {
  if (n === 1) return p.length === 0 ? leaf : null;
  if (p.length === 0) return null;
  const k = split(n);
  const last = p[p.length - 1]!;
  const rest = p.slice(0, -1);
  if (m < k) {
    const left = rootFromPath(m, k, leaf, rest);
    return left && hashChildren(left, last);
  }
  const right = rootFromPath(m - k, n - k, leaf, rest);
  return right && hashChildren(last, right);
}

/** The (old, new) roots that SUBPROOF(m, D[n], b) leads to, given the old root; null if the length is wrong. */
export function rootsFromProof(
  m: number,
  n: number,
  p: readonly Uint8Array[],
  root1: Uint8Array,
  b = true,
): [Uint8Array, Uint8Array] | null {
  if (m === n) {
    if (b) return p.length === 0 ? [root1, root1] : null;
    return p.length === 1 ? [p[0]!, p[0]!] : null;
  }
  if (p.length === 0) return null;
  const k = split(n);
  const last = p[p.length - 1]!;
  const rest = p.slice(0, -1);
  if (m <= k) {
    const r = rootsFromProof(m, k, rest, root1, b);
    return r && [r[0], hashChildren(r[1], last)];
  }
  const r = rootsFromProof(m - k, n - k, rest, root1, false);
  return r && [hashChildren(last, r[0]), hashChildren(last, r[1])];
}
