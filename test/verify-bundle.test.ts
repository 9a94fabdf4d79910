/**
 * verifyBundle and verifyCredential against mutants of one valid bundle
 * (test/support/pure-fixtures.ts): one negative per failure code, each
 * breaking exactly one thing, plus property tests that random input never
 * throws and never verifies. The same mutants are committed as data under
 * test/vectors/bundles/.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromB64u } from '../src/crypto/bytes.ts';
import { webCryptoVerifier, type SignatureVerifier } from '../src/crypto/jws.ts';
import type { TrustList } from '../src/crypto/trust-list.ts';
import { heldBy, verifyBundle } from '../src/crypto/verify-bundle.ts';
import { verifyCredential } from '../src/crypto/verify-credential.ts';
import type { VerifyResult } from '../src/crypto/verify-result.ts';
import { nodeVerifier } from '../src/runtime/node-verifier.ts';
import {
  bundleCases,
  buildPureFixture,
  DAY,
  flipSignature,
  hs256Jws,
  rawJws,
  type BundleCase,
} from './support/pure-fixtures.ts';

const fx = await buildPureFixture();
const cases = await bundleCases(fx);
const caseNamed = (name: string): BundleCase => cases.find((c) => c.name === name)!;

function expectOutcome(
  r: VerifyResult<unknown>,
  expected: BundleCase['expect'],
  at?: string,
): void {
  if (expected === 'VALID') {
    expect(r, r.valid ? '' : `${r.code} ${r.at}: ${r.message}`).toMatchObject({ valid: true });
    return;
  }
  expect(r).toMatchObject(
    at === undefined ? { valid: false, code: expected } : { valid: false, code: expected, at },
  );
}

const runCase = (c: BundleCase, verifier?: SignatureVerifier) =>
  verifyBundle(c.bundle, c.root, c.now, {
    ...(c.tree ? { tree: fx.tree } : {}),
    ...(verifier ? { verifier } : {}),
  });

const VERIFIERS: [string, SignatureVerifier | undefined][] = [
  ['default (jose)', undefined],
  ['nodeVerifier', nodeVerifier()],
  ['webCryptoVerifier', webCryptoVerifier()],
];

describe('verifyBundle', () => {
  it('accepts the valid bundle and returns the credential and every entry', async () => {
    const r = await verifyBundle(fx.bundle, fx.rootJwk, fx.now);
    expectOutcome(r, 'VALID');
    if (!r.valid) return;
    expect(r.value.credential).toEqual(fx.credentialClaims);
    expect(r.value.entries.map((e) => e.hash)).toEqual(fx.ledger.map((e) => e.hash));
  });

  it('accepts the valid bundle as JSON text, pretty-printed', async () => {
    expectOutcome(
      await verifyBundle(JSON.stringify(fx.bundle, null, 2), fx.rootJwk, fx.now),
      'VALID',
    );
  });

  describe.each(VERIFIERS)('with the %s verifier', (_, verifier) => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      expectOutcome(await runCase(c, verifier), c.expect, c.at);
    });
  });

  it('covers every failure code', () => {
    const codes = new Set(cases.map((c) => c.expect));
    for (const code of [
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
      'VALID',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('refuses 10 MB of input fast, as a string and as an object', async () => {
    for (const name of ['malformed-10mb-string', 'malformed-10mb-entry']) {
      const c = caseNamed(name);
      const t0 = performance.now();
      const r = await runCase(c);
      const ms = performance.now() - t0;
      expectOutcome(r, 'MALFORMED');
      expect(ms, `${name} took ${ms.toFixed(1)} ms`).toBeLessThan(250);
    }
  });

  it('an alg:none token is refused, not accepted, even when nothing else is wrong', async () => {
    // The regression this guards: a library that "verifies" alg none with any key.
    const token = rawJws({ alg: 'none', typ: 'pmc+jwt' }, fx.credentialClaims);
    expect(token.endsWith('.')).toBe(true);
    const r = await verifyBundle({ ...fx.bundle, credential: token }, fx.rootJwk, fx.now);
    expect(r.valid).toBe(false);
  });

  it('BROKEN_CHAIN: an entry validly re-signed by its own org but about another member', async () => {
    const moved = await fx.resign(
      fx.bundle.entries[1]!,
      'pmc-entry+jwt',
      (c) => (c.sub = 'someone-else'),
      fx.signers.b1,
    );
    const entries = [fx.bundle.entries[0]!, moved, fx.bundle.entries[2]!];
    expectOutcome(
      await verifyBundle({ ...fx.bundle, entries }, fx.rootJwk, fx.now),
      'BROKEN_CHAIN',
      'entries[1]',
    );
  });

  it("a revocation signed by an unrelated org (b1, b2's sibling) is ignored", async () => {
    const revocation = await fx.revoke(fx.signers.b2, fx.signers.b1, fx.times.enroll);
    expectOutcome(
      await verifyBundle({ ...fx.bundle, revocations: [revocation] }, fx.rootJwk, fx.now),
      'VALID',
    );
  });

  it('a revocation the verifier holds (the trust list’s) applies although the bundle left it out (issue 9 item 10)', async () => {
    const revocation = await fx.revoke(fx.signers.b2, fx.signers.c1, fx.times.arrival - DAY);
    const list: TrustList = {
      ...fx.trustList,
      keys: fx.trustList.keys.map((k) => (k.org === 'b2' ? { ...k, revocation } : k)),
    };
    // The bundle carries no revocations: alone it verifies, with the held list it does not.
    expect(fx.bundle.revocations).toEqual([]);
    expectOutcome(await verifyBundle(fx.bundle, fx.rootJwk, fx.now), 'VALID');
    expectOutcome(
      await verifyBundle(fx.bundle, fx.rootJwk, fx.now, { tree: fx.tree, held: heldBy(list) }),
      'REVOKED_KEY',
      'entries[2]',
    );
    // A held list without the revocation changes nothing.
    expectOutcome(
      await verifyBundle(fx.bundle, fx.rootJwk, fx.now, {
        tree: fx.tree,
        held: heldBy(fx.trustList),
      }),
      'VALID',
    );
  });

  it('a back-dated iat under the old signature reads BAD_SIGNATURE, not a key problem (issue 9 item 11)', async () => {
    const [h, p, s] = fx.bundle.entries[1]!.split('.');
    const claims = JSON.parse(new TextDecoder().decode(fromB64u(p!))) as { iat: number };
    const payload = Buffer.from(JSON.stringify({ ...claims, iat: 86400 })).toString('base64url');
    const entries = [...fx.bundle.entries];
    entries[1] = `${h}.${payload}.${s}`;
    expectOutcome(
      await verifyBundle({ ...fx.bundle, entries }, fx.rootJwk, fx.now),
      'BAD_SIGNATURE',
      'entries[1]',
    );
  });

  it('the rule check runs only with the tree; without it the wrong arrival passes', async () => {
    const c = caseNamed('arrival-wrong-destination');
    expectOutcome(await verifyBundle(c.bundle, c.root, c.now), 'VALID');
    expectOutcome(
      await verifyBundle(c.bundle, c.root, c.now, { tree: fx.tree }),
      'RULE_VIOLATION',
      'entries[2]',
    );
  });
});

describe.each(VERIFIERS)('verifyCredential against the trust list, %s verifier', (_, verifier) => {
  const check = (token: unknown, list: TrustList = fx.trustList, now = fx.now) =>
    verifyCredential(token, list, now, verifier);
  const token = fx.bundle.credential;

  it('accepts the valid credential', async () => {
    const r = await check(token);
    expectOutcome(r, 'VALID');
    if (r.valid) expect(r.value).toEqual(fx.credentialClaims);
  });

  it('BAD_SIGNATURE: one character of the signature changed', async () => {
    expectOutcome(await check(flipSignature(token)), 'BAD_SIGNATURE', 'credential');
  });

  it('BAD_SIGNATURE: claims changed under the old signature', async () => {
    const [h, , s] = token.split('.');
    const forged = rawJws({}, { ...fx.credentialClaims, st: 'left' }).split('.')[1];
    expectOutcome(await check(`${h}.${forged}.${s}`), 'BAD_SIGNATURE', 'credential');
  });

  it("BAD_SIGNATURE: signed by another org's key but naming b2 as issuer", async () => {
    expectOutcome(
      await check(await fx.credentialFor(fx.ledger, { iss: 'b2' }, fx.signers.b1)),
      'BAD_SIGNATURE',
      'credential',
    );
  });

  it('EXPIRED: at exp and after', async () => {
    expectOutcome(
      await check(token, fx.trustList, fx.credentialClaims.exp),
      'EXPIRED',
      'credential',
    );
    expectOutcome(
      await check(token, fx.trustList, fx.credentialClaims.exp + DAY),
      'EXPIRED',
      'credential',
    );
    expectOutcome(await check(token, fx.trustList, fx.credentialClaims.exp - 1), 'VALID');
  });

  it('EXPIRED: issued in the future', async () => {
    expectOutcome(
      await check(token, fx.trustList, fx.credentialClaims.iat - 3600),
      'EXPIRED',
      'credential',
    );
  });

  it('BAD_SIGNATURE, not KEY_NOT_CERTIFIED: iat back-dated under the old signature (issue 9 item 11)', async () => {
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(fromB64u(p!))) as { iat: number };
    const payload = Buffer.from(JSON.stringify({ ...claims, iat: 86400 })).toString('base64url');
    expectOutcome(await check(`${h}.${payload}.${s}`), 'BAD_SIGNATURE', 'credential');
  });

  it('UNKNOWN_KEY: the issuer is an org not in the list', async () => {
    expectOutcome(
      await check(await fx.credentialFor(fx.ledger, { iss: 'x9' }, fx.signers.b2)),
      'UNKNOWN_KEY',
      'credential',
    );
  });

  it("REVOKED_KEY: b2's key revoked by c1 before the credential was signed", async () => {
    const revocation = await fx.revoke(fx.signers.b2, fx.signers.c1, fx.credentialClaims.iat - DAY);
    const list: TrustList = {
      ...fx.trustList,
      keys: fx.trustList.keys.map((k) => (k.org === 'b2' ? { ...k, revocation } : k)),
    };
    expectOutcome(await check(token, list), 'REVOKED_KEY', 'credential');
  });

  it('still valid when the revocation comes after the credential was signed', async () => {
    const revocation = await fx.revoke(fx.signers.b2, fx.signers.c1, fx.credentialClaims.iat + DAY);
    const list: TrustList = {
      ...fx.trustList,
      keys: fx.trustList.keys.map((k) => (k.org === 'b2' ? { ...k, revocation } : k)),
    };
    expectOutcome(await check(token, list), 'VALID');
  });

  it('UNSUPPORTED_ALG: alg none, and HS256 keyed with the public key', async () => {
    const claims = fx.credentialClaims;
    const raw = fromB64u(fx.signers.b2.publicJwk.x);
    for (const t of [
      rawJws({ alg: 'none', typ: 'pmc+jwt' }, claims),
      await hs256Jws({ alg: 'HS256', typ: 'pmc+jwt' }, claims, raw),
      await hs256Jws(
        { alg: 'HS256', typ: 'pmc+jwt' },
        claims,
        new TextEncoder().encode(JSON.stringify(fx.trustList.root.jwk)),
      ),
    ]) {
      expectOutcome(await check(t), 'UNSUPPORTED_ALG', 'credential');
    }
  });

  it('WRONG_TYP: an entry given as a credential', async () => {
    expectOutcome(await check(fx.bundle.entries[2]), 'WRONG_TYP', 'credential');
  });

  it('MALFORMED: 10 MB, fast', async () => {
    const big = `${'a'.repeat(5 * 1024 * 1024)}.${'b'.repeat(5 * 1024 * 1024)}.c`;
    const t0 = performance.now();
    expectOutcome(await check(big), 'MALFORMED', 'credential');
    expect(performance.now() - t0).toBeLessThan(250);
  });
});

describe('never throws, never verifies junk (fast-check)', () => {
  const RUNS = { numRuns: 200 };
  const neverValid = async (input: unknown) => {
    const b = await verifyBundle(input, fx.rootJwk, fx.now);
    const c = await verifyCredential(input, fx.trustList, fx.now);
    expect(b.valid).toBe(false);
    expect(c.valid).toBe(false);
  };

  it('random byte strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        await neverValid(bytes);
        await neverValid(new TextDecoder('latin1').decode(bytes));
      }),
      RUNS,
    );
  });

  it('random strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 2000 }), neverValid),
      RUNS,
    );
  });

  it('random JSON values, as values and as text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (v) => {
        await neverValid(v);
        await neverValid(JSON.stringify(v));
      }),
      RUNS,
    );
  });

  it('random JWS-shaped strings and bundle-shaped objects', async () => {
    const seg = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      maxLength: 120,
    });
    const jws = fc.oneof(
      fc.tuple(seg, seg, seg).map((p) => p.join('.')),
      // real header and claims, random signature
      seg.map((s) => `${fx.bundle.credential.split('.').slice(0, 2).join('.')}.${s}`),
    );
    await fc.assert(
      fc.asyncProperty(
        jws,
        fc.array(jws, { maxLength: 4 }),
        fc.array(jws, { maxLength: 4 }),
        async (credential, entries, keys) => {
          await neverValid(credential);
          await neverValid({
            v: 1,
            credential,
            entries,
            keys,
            revocations: [],
            dues: [],
            checkpoint: null,
            proofs: [],
          });
          await neverValid({ ...fx.bundle, credential });
        },
      ),
      RUNS,
    );
  });

  it('single-character mutations of the valid bundle text fail or verify to the same thing', async () => {
    const text = JSON.stringify(fx.bundle, null, 1);
    const original = await verifyBundle(text, fx.rootJwk, fx.now);
    expect(original.valid).toBe(true);
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.,:"{}[] \n\t\\01null';
    let verifiedAfterMutation = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: text.length - 1 }),
        fc.constantFrom(...alphabet),
        async (i, ch) => {
          fc.pre(text[i] !== ch);
          const mutated = text.slice(0, i) + ch + text.slice(i + 1);
          const r = await verifyBundle(mutated, fx.rootJwk, fx.now);
          if (r.valid) {
            verifiedAfterMutation++;
            // e.g. whitespace, or a renamed field the verifier does not read (dues, proofs): same verified content.
            expect(r.value).toEqual(original.valid ? original.value : undefined);
          }
        },
      ),
      RUNS,
    );
    expect(verifiedAfterMutation).toBeLessThan(RUNS.numRuns);
  });
});

/**
 * Gaps in src/crypto found while writing these tests, now fixed: each
 * states the behaviour we want and failed before the fix.
 */
describe('regressions: malleable signatures, cross-certification, names', () => {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // The last of a signature's 86 characters carries 2 bits; atob ignores the other 4,
  // so 16 texts decode to one signature.
  const reencodeLastChar = (jws: string) => {
    const i = ALPHABET.indexOf(jws.at(-1)!);
    return jws.slice(0, -1) + ALPHABET[(i & 0b110000) | ((i + 1) & 0b1111)];
  };

  it('refuses a credential whose signature is in non-canonical base64url', async () => {
    const token = reencodeLastChar(fx.bundle.credential);
    expect(token).not.toBe(fx.bundle.credential);
    expect((await verifyCredential(token, fx.trustList, fx.now)).valid).toBe(false);
  });

  it('refuses an entry key certified by a sibling org (b1 certifying a key for b2), at least with the tree', async () => {
    const forged = await fx.freshKey('b2', 'certified-by-b1');
    const drafts = fx.drafts();
    drafts[2]!.signer = forged;
    const entries = await fx.link(drafts);
    const bundle = await fx.bundleFor(entries, {
      keys: [...fx.bundle.keys, await fx.certify(forged, 'b2', fx.signers.b1)],
      credential: await fx.credentialFor(entries, {}, fx.signers.b2),
    });
    expectOutcome(
      await verifyBundle(bundle, fx.rootJwk, fx.now, { tree: fx.tree }),
      'KEY_NOT_CERTIFIED',
      'entries[2]',
    );
  });

  it('refuses a trust-list key certified through a key the list itself rejects', async () => {
    const k = await fx.freshKey('c2', 'c2-by-b1');
    const l = await fx.freshKey('b4', 'b4-by-c2');
    const list: TrustList = {
      ...fx.trustList,
      orgs: [
        ...fx.trustList.orgs,
        { id: 'c2', name: '市教委党委', type: 'committee', parent: 'root' },
        { id: 'b4', name: '第四党支部', type: 'branch', parent: 'c2' },
      ],
      keys: [
        ...fx.trustList.keys,
        { org: 'c2', kid: k.kid, certificate: await fx.certify(k, 'c2', fx.signers.b1) }, // b1 is not c2's parent: filtered out…
        { org: 'b4', kid: l.kid, certificate: await fx.certify(l, 'b4', k) }, // …but what it certified is kept
      ],
    };
    const token = await fx.credentialFor(fx.ledger, { org: 'b4' }, l);
    expect((await verifyCredential(token, list, fx.now)).valid).toBe(false);
  });

  it('refuses a credential whose name differs from the ledger', async () => {
    const credential = await fx.credentialFor(fx.ledger, { nam: '李四' });
    expectOutcome(
      await verifyBundle({ ...fx.bundle, credential }, fx.rootJwk, fx.now),
      'HEAD_MISMATCH',
      'credential',
    );
  });
});
