/**
 * Walks test/vectors/bundles/*.json (written by generate.ts) and checks each
 * expectation with verifyBundle, under the default and the Node verifier.
 * The files are data: other implementations of the verifier can run them too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublicJwk } from '../../../src/crypto/keys.ts';
import { verifyBundle } from '../../../src/crypto/verify-bundle.ts';
import type { NumericDate, OrgNode } from '../../../src/domain/types.ts';
import { nodeVerifier } from '../../../src/runtime/node-verifier.ts';
import { buildVectors, VECTOR_DIR } from './generate.ts';

interface Vector {
  expect: string;
  at?: string;
  why: string;
  bundle: unknown;
  root: PublicJwk;
  now: NumericDate;
  tree?: OrgNode[];
}

const files = readdirSync(VECTOR_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const texts = new Map(files.map((f) => [f, readFileSync(join(VECTOR_DIR, f), 'utf8')]));
const vectors = files.map((f) => [f, JSON.parse(texts.get(f)!) as Vector] as const);

describe('bundle vectors', () => {
  it('are all there, one or more per failure code', () => {
    const codes = new Set(vectors.map(([, v]) => v.expect));
    for (const code of [
      'VALID',
      'MALFORMED',
      'WRONG_TYP',
      'UNSUPPORTED_ALG',
      'BAD_SIGNATURE',
      'UNKNOWN_KEY',
      'KEY_NOT_CERTIFIED',
      'REVOKED_KEY',
      'EXPIRED',
      'BROKEN_CHAIN',
      'HEAD_MISMATCH',
      'RULE_VIOLATION',
      'UNTRUSTED_ROOT',
      'BAD_DUES_SIGNATURE',
      'BAD_DUES_PROOF',
      'DUES_MISMATCH',
      'DUES_GAP',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('hold no private key', () => {
    for (const [f, text] of texts) expect(text, f).not.toMatch(/"d"\s*:/);
  });

  it('are exactly what generate.ts writes (regenerate after a deliberate change)', async () => {
    const fresh = await buildVectors();
    expect([...fresh.keys()].sort()).toEqual(files);
    for (const [f, text] of fresh) expect(texts.get(f), f).toBe(text);
  });

  const node = nodeVerifier();
  for (const [name, verifier] of [
    ['default', undefined],
    ['node', node],
  ] as const) {
    it.each(vectors)(`%s (${name} verifier)`, async (_f, v) => {
      const tree = v.tree ? new Map(v.tree.map((n) => [n.id, n])) : undefined;
      const r = await verifyBundle(v.bundle, v.root, v.now, {
        ...(tree ? { tree } : {}),
        ...(verifier ? { verifier } : {}),
      });
      if (v.expect === 'VALID') {
        expect(r, r.valid ? '' : `${v.why}: got ${r.code} at ${r.at}: ${r.message}`).toMatchObject({
          valid: true,
        });
      } else {
        expect(r, v.why).toMatchObject({
          valid: false,
          code: v.expect,
          ...(v.at === undefined ? {} : { at: v.at }),
        });
      }
    });
  }
});
