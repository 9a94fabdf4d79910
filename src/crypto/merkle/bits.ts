import { MerkleError } from './errors.ts';

// Tree sizes are JavaScript numbers up to 2^53 - 1. The `>>`, `&` and
// `Math.clz32` operators work on 32 bits only, so the bit maths here is done
// with division and remainder, which are exact on safe integers.

export function checkSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new MerkleError('INVALID_RANGE', `${name} must be a non-negative safe integer, got ${n}`);
  }
}

export function checkInclusion(index: number, size: number): void {
  checkSize('index', index);
  checkSize('size', size);
  if (index >= size)
    throw new MerkleError('INVALID_RANGE', `index ${index} is not below size ${size}`);
}

export function checkConsistency(size1: number, size2: number): void {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size1 > size2)
    throw new MerkleError('INVALID_RANGE', `size1 ${size1} is above size2 ${size2}`);
}

export const isOdd = (n: number): boolean => n % 2 === 1;

export const half = (n: number): number => Math.floor(n / 2);

/** n shifted right by k bits. */
export const shr = (n: number, k: number): number => Math.floor(n / 2 ** k);

/** Number of bits needed to write n (0 for 0). */
export function bitLength(n: number): number {
  let len = 0;
  while (n > 0) {
    n = half(n);
    len++;
  }
  return len;
}

/** Number of trailing zero bits of n > 0. */
export function trailingZeros(n: number): number {
  let k = 0;
  while (n > 0 && !isOdd(n)) {
    n = half(n);
    k++;
  }
  return k;
}

/** Highest bit position where a and b differ, or -1 when equal. */
export function highestDifferingBit(a: number, b: number): number {
  let level = -1;
  for (let k = 0; a !== b; k++) {
    if (isOdd(a) !== isOdd(b)) level = k;
    a = half(a);
    b = half(b);
  }
  return level;
}
