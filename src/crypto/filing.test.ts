import { beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators, figuresOf, periodOf } from '../domain/indicators.ts';
import { DEFAULT_RULES } from '../domain/rules.ts';
import {
  buildPureFixture,
  flipSignature,
  type PureFixture,
} from '../../test/support/pure-fixtures.ts';
import { checkFilingSigner, signFiling, verifyFiling, type FilingClaims } from './filing.ts';
import { joseVerifier } from './jws.ts';
import { buildKeyring, type Keyring } from './keyring.ts';
import { VerifyFailure } from './verify-result.ts';

let fx: PureFixture;
let ring: Keyring;
const verifier = joseVerifier();

beforeAll(async () => {
  fx = await buildPureFixture();
  ring = await buildKeyring(fx.rootJwk, Object.values(fx.certificates), [], verifier);
});

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'VALID';
  } catch (err) {
    if (err instanceof VerifyFailure) return err.code;
    throw err;
  }
};

function filed(): FilingClaims {
  const fig = figuresOf(
    computeIndicators({
      org: 'b1',
      tree: fx.tree,
      period: periodOf(2025, '12-31'),
      members: [],
      rules: DEFAULT_RULES,
    }),
  );
  return {
    knd: 'filed',
    iss: 'b1',
    act: 'officer-7',
    iat: fx.now,
    org: 'b1',
    year: 2025,
    ver: 1,
    fig,
    kids: [],
    cp: 'example.org/log\n3\nAAAA\n\n— example.org/log AAAA\n',
    cover: { filer: '李四', responsible: '王五', phone: '010-12345678', date: '2026-01-10' },
  };
}

describe('signed filing objects', () => {
  it('verifies a filing signed by the org, and its parent’s acceptance', async () => {
    const f = await signFiling(filed(), fx.signerOf('b1'));
    const v = await verifyFiling(f.jws, ring, verifier);
    expect(v.hash).toBe(f.hash);
    expect(v.claims).toEqual(f.claims);
    const acc = await signFiling(
      {
        knd: 'accepted',
        iss: 'c1',
        act: 'officer-1',
        iat: fx.now,
        org: 'b1',
        year: 2025,
        ver: 1,
        ref: f.hash,
      },
      fx.signerOf('c1'),
    );
    expect(await codeOf(verifyFiling(acc.jws, ring, verifier))).toBe('VALID');
    const parentOf = (org: string) => fx.tree.get(org)?.parent;
    expect(() => checkFilingSigner(f.claims, parentOf)).not.toThrow();
    expect(() => checkFilingSigner(acc.claims, parentOf)).not.toThrow();
  });

  it('refuses a changed figure, a flipped signature, a wrong signer, and a bad shape', async () => {
    const f = await signFiling(filed(), fx.signerOf('b1'));
    const changed = await fx.resign(
      f.jws,
      'pmc-filing+jwt',
      (c) => ((c.fig as { balance: { closing: number } }).balance.closing = 5),
      fx.signerOf('b1'),
    );
    expect(await codeOf(verifyFiling(changed, ring, verifier))).toBe('VALID'); // re-signed by b1 itself
    const [h, p, s] = f.jws.split('.');
    const edited = JSON.parse(Buffer.from(p!, 'base64url').toString());
    edited.fig.balance.closing = 5;
    const forged = `${h}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${s}`;
    expect(await codeOf(verifyFiling(forged, ring, verifier))).toBe('BAD_SIGNATURE');
    expect(await codeOf(verifyFiling(flipSignature(f.jws), ring, verifier))).toBe('BAD_SIGNATURE');
    // b2's key claiming to file for b1.
    const byB2 = await signFiling({ ...filed(), iss: 'b1' }, { ...fx.signerOf('b2'), orgId: 'b1' });
    expect(await codeOf(verifyFiling(byB2.jws, ring, verifier))).toBe('KEY_NOT_CERTIFIED');
    // A sibling signing the acceptance.
    const bySibling = await signFiling(
      {
        knd: 'accepted',
        iss: 'b2',
        act: 'x',
        iat: fx.now,
        org: 'b1',
        year: 2025,
        ver: 1,
        ref: f.hash,
      },
      fx.signerOf('b2'),
    );
    expect(() => checkFilingSigner(bySibling.claims, (o) => fx.tree.get(o)?.parent)).toThrow(
      VerifyFailure,
    );
    const noCover = await fx.resign(
      f.jws,
      'pmc-filing+jwt',
      (c) => delete c.cover,
      fx.signerOf('b1'),
    );
    expect(await codeOf(verifyFiling(noCover, ring, verifier))).toBe('MALFORMED');
    expect(await codeOf(verifyFiling('not a jws', ring, verifier))).toBe('MALFORMED');
  });
});
