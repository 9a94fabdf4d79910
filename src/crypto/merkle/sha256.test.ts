import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from './bytes.ts';
import { sha256Sync } from './sha256.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('sha256Sync', () => {
  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA256-2.pdf") and the empty string.
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
  ])('FIPS 180-4 vector %j', (msg, want) => {
    expect(toHex(sha256Sync(ascii(msg)))).toBe(want);
  });

  it('one million "a" (FIPS 180-4)', () => {
    expect(toHex(sha256Sync(new Uint8Array(1_000_000).fill(0x61)))).toBe(
      'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
    );
  });

  it('agrees with crypto.subtle on every length around the block boundaries', async () => {
    for (let len = 0; len <= 200; len++) {
      const data = Uint8Array.from({ length: len }, (_, i) => (i * 31 + len) & 0xff);
      const want = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
      expect(toHex(sha256Sync(data))).toBe(toHex(want));
    }
  });

  it('agrees with crypto.subtle on random input split into parts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 150 }), { maxLength: 4 }),
        async (parts) => {
          const joined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          let off = 0;
          for (const p of parts) joined.set(p, (off += p.length) - p.length);
          const want = new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
          expect(toHex(sha256Sync(...parts))).toBe(toHex(want));
        },
      ),
    );
  });

  // Informational: why hash.ts does not await crypto.subtle per node. Not asserted
  // (machines differ); the numbers are printed with `--reporter verbose`.
  it('speed: sync vs crypto.subtle for a 65-byte node hash', async () => {
    const data = new Uint8Array(65);
    const n = 5000;
    let t = performance.now();
    for (let i = 0; i < n; i++) await crypto.subtle.digest('SHA-256', data);
    const subtleUs = ((performance.now() - t) * 1000) / n;
    t = performance.now();
    for (let i = 0; i < n; i++) sha256Sync(data);
    const syncUs = ((performance.now() - t) * 1000) / n;
    console.info(
      `SHA-256 of 65 bytes: crypto.subtle ${subtleUs.toFixed(1)} µs, sync ${syncUs.toFixed(1)} µs`,
    );
    expect(syncUs).toBeGreaterThan(0);
  });
});
