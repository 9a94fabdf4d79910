import { describe, expect, it } from 'vitest';
import { decodeJws, joseVerifier, MAX_JWS_LENGTH } from './jws.ts';
import { generateOrgKey } from './keys.ts';
import {
  signTrustList,
  TRUST_LIFETIME_SECONDS,
  verifyTrustList,
  type TrustList,
} from './trust-list.ts';
import { VerifyFailure } from './verify-result.ts';

const verifier = joseVerifier();
const IAT = 1_780_000_000;

async function signed(extra: Partial<TrustList>) {
  const root = await generateOrgKey();
  const list: TrustList = {
    v: 1,
    iat: IAT,
    root: { id: 'root', jwk: root.publicJwk },
    orgs: [{ id: 'root', name: '根', type: 'committee', parent: null }],
    keys: [],
    ...extra,
  };
  return {
    jws: await signTrustList(list, { orgId: 'root', kid: root.kid, privateKey: root.privateKey }),
    root,
  };
}

describe('trust list validity (nextUpdate, expiresAt)', () => {
  it('verifies before expiresAt and fails EXPIRED from then on', async () => {
    const expiresAt = IAT + TRUST_LIFETIME_SECONDS;
    const { jws, root } = await signed({ nextUpdate: IAT + 86400, expiresAt });
    const list = await verifyTrustList(jws, root.publicJwk, verifier, { now: expiresAt - 1 });
    expect(list.nextUpdate).toBe(IAT + 86400);
    await expect(
      verifyTrustList(jws, root.publicJwk, verifier, { now: expiresAt }),
    ).rejects.toMatchObject({ code: 'EXPIRED' });
    // Callers that pass no time (the CLI's --trust file) are unaffected.
    await expect(verifyTrustList(jws, root.publicJwk, verifier)).resolves.toBeTruthy();
  });

  it('accepts lists without the fields, and refuses ones of the wrong type', async () => {
    const old = await signed({});
    await expect(
      verifyTrustList(old.jws, old.root.publicJwk, verifier, { now: IAT + 10 ** 9 }),
    ).resolves.toBeTruthy();
    const bad = await signed({ expiresAt: 'tomorrow' as unknown as number });
    const err = await verifyTrustList(bad.jws, bad.root.publicJwk, verifier).catch((e) => e);
    expect(err).toBeInstanceOf(VerifyFailure);
    expect(err.code).toBe('MALFORMED');
  });
});

describe('trust list size', () => {
  it('verifies a list past the limit of every other JWS (the bureau demo’s 278 orgs with their keys are)', async () => {
    const orgs: TrustList['orgs'] = [{ id: 'root', name: '根', type: 'committee', parent: null }];
    for (let i = 0; i < 1000; i++)
      orgs.push({
        id: `gaj-f${i}`,
        name: `第${i}分局党委机关第一党支部`,
        type: 'branch',
        parent: 'root',
      });
    const { jws, root } = await signed({ orgs });
    expect(jws.length).toBeGreaterThan(MAX_JWS_LENGTH);
    expect((await verifyTrustList(jws, root.publicJwk, verifier)).orgs).toHaveLength(1001);
    // Every other signed object keeps the small bound.
    expect(() => decodeJws(jws.replace(/^[^.]+/, 'x'), 'pmc-key+jwt')).toThrow(/longer than/);
  });
});
