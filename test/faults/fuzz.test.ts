import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/crypto/verify-bundle.ts';
import { verifyCredential } from '../../src/crypto/verify-credential.ts';
import { nodeVerifier } from '../../src/runtime/node-verifier.ts';
import { buildPureFixture, type PureFixture } from '../support/pure-fixtures.ts';

/**
 * Fuzzing of the parsers that face the outside: scanned credential tokens
 * and member bundles, random and mutated. Nothing throws, nothing hangs (each
 * case is timed), and nothing verifies that is not, byte for byte, what was
 * signed. 10^5 cases in all here; `npm run bench:fuzz` runs 10^6 (PMC_FUZZ_SCALE=10).
 * Request bodies go through zod at every route (test/http/security.case.ts);
 * import files: test/faults/fuzz-import.test.ts.
 */
const SCALE = Number(process.env.PMC_FUZZ_SCALE ?? 1);
const runs = (n: number) => Math.round(n * SCALE);
const verifier = nodeVerifier();

let fx: PureFixture;
let credential: string;
let bundleText: string;

beforeAll(async () => {
  fx = await buildPureFixture();
  credential = await fx.credentialFor(fx.ledger);
  bundleText = JSON.stringify(fx.bundle);
});

/** A string with one of: a character replaced, one inserted, one deleted, a cut, a segment swapped. */
const mutationOf = (s: string) =>
  fc
    .tuple(
      fc.nat({ max: s.length - 1 }),
      fc.integer({ min: 0, max: 4 }),
      fc.string({ minLength: 1, maxLength: 3 }),
    )
    .map(([i, op, chars]) => {
      switch (op) {
        case 0:
          return s.slice(0, i) + chars + s.slice(i + 1);
        case 1:
          return s.slice(0, i) + chars + s.slice(i);
        case 2:
          return s.slice(0, i) + s.slice(i + 1);
        case 3:
          return s.slice(0, i);
        default:
          return s.split('.').reverse().join('.');
      }
    });

const segments = (jws: string) =>
  jws.split('.').map((p) => Buffer.from(p, 'base64url').toString('hex'));

async function timed<T>(p: Promise<T>, what: string): Promise<T> {
  const t0 = performance.now();
  const r = await p;
  const ms = performance.now() - t0;
  if (ms > 2000) throw new Error(`${what} took ${ms.toFixed(0)} ms`);
  return r;
}

describe('fuzzing the outside-facing parsers', () => {
  it(
    'credential tokens: random and mutated; only the signed bytes verify',
    { timeout: 120_000 },
    async () => {
      const valid = await verifyCredential(credential, fx.trustList, fx.now, verifier);
      expect(valid.valid).toBe(true);
      let verified = 0;
      const check = async (token: unknown) => {
        const r = await timed(
          verifyCredential(token, fx.trustList, fx.now, verifier),
          'verifyCredential',
        );
        if (r.valid) {
          verified++;
          // Base64url can spell the same bytes two ways only in a segment's last character.
          expect(segments(token as string)).toEqual(segments(credential));
        } else expect(typeof r.code).toBe('string');
      };
      await fc.assert(fc.asyncProperty(fc.string({ maxLength: 600 }), check), {
        numRuns: runs(30_000),
      });
      await fc.assert(fc.asyncProperty(fc.anything(), check), { numRuns: runs(10_000) });
      await fc.assert(fc.asyncProperty(mutationOf(credential), check), { numRuns: runs(30_000) });
      console.log(
        `credentials: ${runs(70_000)} cases, ${verified} verified (each the signed bytes)`,
      );
    },
  );

  it(
    'bundles: random JSON and mutated bundles; only the signed content verifies',
    { timeout: 120_000 },
    async () => {
      const original = await verifyBundle(bundleText, fx.rootJwk, fx.now, { verifier });
      expect(original.valid).toBe(true);
      const signed = JSON.stringify(fx.bundle);
      let verified = 0;
      const check = async (input: unknown) => {
        const r = await timed(
          verifyBundle(input, fx.rootJwk, fx.now, { verifier }),
          'verifyBundle',
        );
        if (r.valid) {
          verified++;
          // What verified is what was signed: the same credential and entries.
          const parsed = typeof input === 'string' ? JSON.parse(input) : input;
          expect(JSON.stringify({ c: parsed.credential, e: parsed.entries })).toBe(
            JSON.stringify({ c: fx.bundle.credential, e: fx.bundle.entries }),
          );
        } else expect(typeof r.code).toBe('string');
      };
      await fc.assert(fc.asyncProperty(fc.jsonValue(), check), { numRuns: runs(15_000) });
      await fc.assert(
        fc.asyncProperty(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          check,
        ),
        { numRuns: runs(10_000) },
      );
      await fc.assert(fc.asyncProperty(mutationOf(signed), check), { numRuns: runs(5_000) });
      console.log(`bundles: ${runs(30_000)} cases, ${verified} verified (each the signed content)`);
    },
  );
});
